package dev.kiln.spec;

/**
 * @param every write a checkpoint every this many epochs (the last epoch is always
 * written)
 * @param keepLast how many of the newest checkpoints retention keeps besides the best
 * @param metric what "best" means: {@code validationLoss} (lower is better, the default)
 * or {@code validationAccuracy} (higher is better)
 */
public record CheckpointSpec(Integer every, Integer keepLast, String metric) {
}
