package dev.kiln.spec;

import java.util.List;

import io.swagger.v3.oas.annotations.media.Schema;

/**
 * @param input {@code [features]}, {@code [height, width, channels]} or, for recurrent
 * models, {@code [timesteps, features]}
 * @param weightInit the default weight initialisation of every layer
 */
@Schema(description = "The network: its input shape and its layers, in order; the last is an output layer")
public record ModelSpec(
		@Schema(description = "[features], [height, width, channels] or, for recurrent models, [timesteps, features]",
				example = "[4]") List<Integer> input,
		List<LayerSpec> layers, @Schema(description = "The default weight initialisation of every layer",
				example = "xavier") String weightInit) {
}
