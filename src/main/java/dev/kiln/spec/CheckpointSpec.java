package dev.kiln.spec;

import io.swagger.v3.oas.annotations.media.Schema;

/**
 * @param every write a checkpoint every this many epochs (the last epoch is always
 * written)
 * @param keepLast how many of the newest checkpoints retention keeps besides the best
 * @param metric what "best" means: {@code validationLoss} (lower is better, the default)
 * or {@code validationAccuracy} (higher is better)
 */
@Schema(description = "When checkpoints are written, how many are kept, and which is best")
public record CheckpointSpec(@Schema(
		description = "Write a checkpoint every this many epochs (the last epoch is always written)") Integer every,
		@Schema(description = "How many of the newest checkpoints are kept besides the best") Integer keepLast,
		@Schema(description = "What best means: validationLoss (lower is better, the default) or validationAccuracy",
				example = "validationLoss") String metric) {
}
