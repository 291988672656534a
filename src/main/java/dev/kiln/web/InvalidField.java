package dev.kiln.web;

import io.swagger.v3.oas.annotations.media.Schema;

/**
 * A field of a request that was refused: its path ({@code $.model.layers[0].units} for
 * JSON bodies, the parameter or part name otherwise) and the reason. Characters a name
 * may not hold ({@link Names}) are shown as {@code <U+XXXX>}, so that an echoed value
 * keeps the answer one line per field and valid for strict JSON parsers.
 */
@Schema(description = "A refused field of a request, and why")
public record InvalidField(
		@Schema(description = "A JSON path for JSON bodies; the parameter or part name otherwise",
				requiredMode = Schema.RequiredMode.REQUIRED, example = "$.model.layers[0].units") String path,
		@Schema(description = "Why it was refused", requiredMode = Schema.RequiredMode.REQUIRED,
				example = "must be at least 1") String reason) {

	/** The path and reason may echo what was refused: shown without hidden characters. */
	public InvalidField {
		path = Names.shown(path);
		reason = Names.shown(reason);
	}

}
