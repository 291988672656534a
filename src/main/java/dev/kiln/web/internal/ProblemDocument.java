package dev.kiln.web.internal;

import java.net.URI;
import java.util.List;
import java.util.UUID;

import dev.kiln.web.InvalidField;
import io.swagger.v3.oas.annotations.media.ArraySchema;
import io.swagger.v3.oas.annotations.media.Schema;

/**
 * The shape of Kiln's problem documents, for the API document only. Spring's
 * {@code ProblemDetail} writes its extension members ({@code errors}, {@code existingId},
 * ...) at the top level, which the schema derived from the class itself does not show.
 */
@Schema(name = "ProblemDetail",
		description = "An RFC 9457 problem document: every error Kiln answers has this shape, served as "
				+ "application/problem+json")
record ProblemDocument(
		@Schema(description = "The kind of problem, stable per kind: /problems/<slug>",
				requiredMode = Schema.RequiredMode.REQUIRED, example = "/problems/not-found") URI type,
		@Schema(description = "A short summary of the kind of problem", requiredMode = Schema.RequiredMode.REQUIRED,
				example = "Not found") String title,
		@Schema(description = "The HTTP status code", requiredMode = Schema.RequiredMode.REQUIRED,
				example = "404") int status,
		@Schema(description = "What went wrong with this request, for a person",
				example = "Job '3f2c8a0e-1b7d-4c52-9e0a-6d1f2b3c4d5e' does not exist") String detail,
		@Schema(description = "The path of the request that failed",
				example = "/api/v1/jobs/3f2c8a0e-1b7d-4c52-9e0a-6d1f2b3c4d5e") URI instance,
		@ArraySchema(arraySchema = @Schema(
				description = "invalid-request only: each refused field or part, by its path (a JSON path for JSON "
						+ "bodies, the parameter or part name otherwise), and why")) List<InvalidField> errors,
		@Schema(description = "dataset-duplicate only: the id of the active dataset with the same content",
				example = "da3c8e17-b44c-39e8-85dd-1bc72bb61ba4") UUID existingId,
		@Schema(description = "dataset-duplicate only: that dataset's name", example = "iris") String existingName) {
}
