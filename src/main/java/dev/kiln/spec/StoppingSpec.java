package dev.kiln.spec;

import io.swagger.v3.oas.annotations.media.Schema;

/**
 * When a job stops before its last epoch, or before it starts.
 *
 * @param maxRuntime an ISO-8601 duration such as {@code PT30M}: a running job whose
 * training time (summed over its attempts) exceeds it stops at the next iteration
 * boundary and ends FAILED, keeping its checkpoints
 * @param maxQueueWait an ISO-8601 duration: a job still waiting for its first start this
 * long after it was submitted ends CANCELLED
 * @param earlyStopping stop when the validation metric stops improving
 */
@Schema(description = "When a job stops before its last epoch, or before it starts")
public record StoppingSpec(
		@Schema(description = "An ISO-8601 duration: a job whose training time exceeds it stops and ends FAILED, "
				+ "keeping its checkpoints", example = "PT30M") String maxRuntime,
		@Schema(description = "An ISO-8601 duration: a job still waiting for its first start this long after it was "
				+ "submitted ends CANCELLED", example = "PT2H") String maxQueueWait,
		EarlyStoppingSpec earlyStopping) {
}
