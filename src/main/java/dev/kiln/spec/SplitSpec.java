package dev.kiln.spec;

/**
 * Fractions of the dataset held out for validation and test, stratified by class;
 * deterministic for a seed.
 */
public record SplitSpec(Double validation, Double test, Long seed) {
}
