package dev.kiln.spec;

/**
 * Stops training once the validation metric has not improved for {@code patience} epochs;
 * the job then ends SUCCEEDED with its best checkpoint evaluated.
 *
 * @param metric {@code validationLoss} (lower is better, the default) or
 * {@code validationAccuracy} (higher is better)
 * @param patience how many epochs in a row may pass without an improvement (default 5)
 * @param minDelta how much the metric must improve on the best epoch so far to count as
 * an improvement (default 0: any improvement counts)
 */
public record EarlyStoppingSpec(String metric, Integer patience, Double minDelta) {
}
