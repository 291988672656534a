package dev.kiln.spec;

/**
 * One thing wrong with a spec: the JSON path of the field (for example
 * {@code $.model.layers[2].kernel}) and why.
 */
public record SpecViolation(String path, String message) {
}
