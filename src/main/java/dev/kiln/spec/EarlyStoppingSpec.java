package dev.kiln.spec;

import io.swagger.v3.oas.annotations.media.Schema;

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
@Schema(description = "Stop once the validation metric has not improved for patience epochs; the job then "
		+ "ends SUCCEEDED with its best checkpoint evaluated")
public record EarlyStoppingSpec(
		@Schema(description = "validationLoss (lower is better, the default) or validationAccuracy",
				example = "validationLoss") String metric,
		@Schema(description = "How many epochs in a row may pass without an improvement (default 5)",
				example = "5") Integer patience,
		@Schema(description = "How much the metric must improve on the best epoch so far to count (default 0)") Double minDelta) {
}
