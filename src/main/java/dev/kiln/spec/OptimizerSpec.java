package dev.kiln.spec;

import io.swagger.v3.oas.annotations.media.Schema;

/**
 * @param type sgd, momentum (Nesterov), adam, rmsprop, adagrad
 * @param momentum for momentum
 * @param decay for rmsprop (the moving average's decay)
 */
@Schema(description = "The optimizer and its settings")
public record OptimizerSpec(
		@Schema(description = "sgd, momentum (Nesterov), adam, rmsprop or adagrad", example = "adam") String type,
		@Schema(example = "0.01") Double learningRate, @Schema(description = "For momentum") Double momentum,
		@Schema(description = "For adam") Double beta1, @Schema(description = "For adam") Double beta2, Double epsilon,
		@Schema(description = "For rmsprop: the moving average's decay") Double decay) {
}
