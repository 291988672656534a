package dev.kiln.spec;

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
public record StoppingSpec(String maxRuntime, String maxQueueWait, EarlyStoppingSpec earlyStopping) {
}
