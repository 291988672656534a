package dev.kiln.spec;

import io.swagger.v3.oas.annotations.media.Schema;

/**
 * Fractions of the dataset held out for validation and test, stratified by class;
 * deterministic for a seed.
 */
@Schema(description = "Fractions of the dataset held out for validation and test, stratified by class; "
		+ "deterministic for a seed")
public record SplitSpec(@Schema(example = "0.2") Double validation, @Schema(example = "0.2") Double test,
		@Schema(example = "7") Long seed) {
}
