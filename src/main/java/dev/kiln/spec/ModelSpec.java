package dev.kiln.spec;

import java.util.List;

/**
 * @param input {@code [features]}, {@code [height, width, channels]} or, for recurrent
 * models, {@code [timesteps, features]}
 * @param weightInit the default weight initialisation of every layer
 */
public record ModelSpec(List<Integer> input, List<LayerSpec> layers, String weightInit) {
}
