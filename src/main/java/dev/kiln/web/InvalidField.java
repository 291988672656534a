package dev.kiln.web;

import io.swagger.v3.oas.annotations.media.Schema;

/**
 * A field of a request that was refused: its path ({@code $.model.layers[0].units} for
 * JSON bodies, the parameter or part name otherwise) and the reason.
 */
@Schema(description = "A refused field of a request, and why")
public record InvalidField(
		@Schema(description = "A JSON path for JSON bodies; the parameter or part name otherwise",
				requiredMode = Schema.RequiredMode.REQUIRED, example = "$.model.layers[0].units") String path,
		@Schema(description = "Why it was refused", requiredMode = Schema.RequiredMode.REQUIRED,
				example = "must be at least 1") String reason) {
}
