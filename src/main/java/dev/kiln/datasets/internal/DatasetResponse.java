package dev.kiln.datasets.internal;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.kiln.datasets.DatasetInfo;
import io.swagger.v3.oas.annotations.media.ArraySchema;
import io.swagger.v3.oas.annotations.media.Schema;

/**
 * A dataset as the API shows it.
 */
@Schema(name = "Dataset", description = "A registered dataset")
record DatasetResponse(@Schema(example = "da3c8e17-b44c-39e8-85dd-1bc72bb61ba4") UUID id,
		@Schema(example = "iris") String name,
		@Schema(description = "builtin (shipped with Kiln) or upload", example = "builtin") String source,
		@Schema(description = "How it was uploaded", example = "csv", allowableValues = {
				"csv", "idx", "images-zip" }) String format,
		@ArraySchema(arraySchema = @Schema(
				description = "[features] for tabular data, [height, width, channels] " + "for images",
				example = "[4]")) List<Integer> featureShape,
		@ArraySchema(arraySchema = @Schema(description = "The feature columns, in order",
				example = "[\"sepal_length\",\"sepal_width\",\"petal_length\",\"petal_width\"]")) List<String> featureNames,
		@ArraySchema(arraySchema = @Schema(description = "Class index i is named classNames[i]",
				example = "[\"setosa\",\"versicolor\",\"virginica\"]")) List<String> classNames,
		@Schema(description = "Number of examples, the fixed test set included", example = "150") int rows,
		@Schema(description = "Examples of the fixed test set (uploaded as its own part): jobs evaluate on "
				+ "exactly these and draw validation rows from the others; 0 when the dataset has none",
				example = "0") int testRows,
		@Schema(description = "The feature scaling a job uses when it names none", example = "none",
				allowableValues = { "none", "minmax", "standardize" }) String normalization,
		@ArraySchema(arraySchema = @Schema(description = "CSV columns encoded one-hot: each became one feature "
				+ "per distinct value, named column=value (1 for the row's value, 0 for the others); rows to predict "
				+ "must be given encoded the same way", example = "[]")) List<String> oneHot,
		@Schema(description = "SHA-256 of the content as uploaded (or shipped); for several parts, of the parts "
				+ "concatenated in their format's order (IDX: images, labels, testImages, testLabels)",
				example = "e404da8a0348eaa780e968c07a8f4dc90fe90eea54ddceeb5b444ce0caae8d30") String sha256,
		@Schema(description = "Size of the content as uploaded (every part together), in bytes",
				example = "4009") long sizeBytes,
		@Schema(description = "When the dataset was registered (UTC)",
				example = "2025-01-31T12:00:00.123456Z") Instant createdAt,
		@JsonInclude(JsonInclude.Include.NON_NULL) @ArraySchema(arraySchema = @Schema(
				description = "Only in the answer to an images-zip upload: the archive entries left out and why, the "
						+ "first " + SkippedEntries.MAX_LISTED + " of them")) List<SkippedEntries.Entry> skipped,
		@JsonInclude(JsonInclude.Include.NON_NULL) @Schema(
				description = "Only in the answer to an images-zip upload: how many entries were left out",
				example = "0") Integer skippedCount){

	static DatasetResponse of(DatasetInfo info) {
		return of(info, null);
	}

	/** A dataset as registered, with the archive entries it left out, if any. */
	static DatasetResponse of(DatasetInfo info, SkippedEntries skipped) {
		return new DatasetResponse(info.id(), info.name(), info.source(), info.format(), info.featureShape(),
				info.featureNames(), info.classNames(), info.rows(), info.testRows(), info.normalization(),
				info.oneHotColumns(), info.sha256(), info.sizeBytes(), info.createdAt(),
				(skipped != null) ? skipped.listed() : null, (skipped != null) ? skipped.count() : null);
	}

}
