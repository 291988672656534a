package dev.kiln.web;

/**
 * A field of a request that was refused: its path ({@code $.model.layers[0].units} for
 * JSON bodies, the parameter or part name otherwise) and the reason.
 */
public record InvalidField(String path, String reason) {
}
