package dev.kiln.datasets.internal;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import dev.kiln.datasets.DatasetInfo;
import io.swagger.v3.oas.annotations.media.ArraySchema;
import io.swagger.v3.oas.annotations.media.Schema;

/**
 * A dataset as the API shows it.
 */
@Schema(name = "Dataset", description = "A registered dataset")
record DatasetResponse(@Schema(example = "0b7f5c1e-6a63-3b1f-9a55-3c1de4d55d0a") UUID id,
		@Schema(example = "iris") String name,
		@Schema(description = "builtin (shipped with Kiln) or upload", example = "builtin") String source,
		@ArraySchema(arraySchema = @Schema(
				description = "[features] for tabular data, [height, width, channels] " + "for images",
				example = "[4]")) List<Integer> featureShape,
		@ArraySchema(arraySchema = @Schema(description = "The feature columns, in order",
				example = "[\"sepal_length\",\"sepal_width\",\"petal_length\",\"petal_width\"]")) List<String> featureNames,
		@ArraySchema(arraySchema = @Schema(description = "Class index i is named classNames[i]",
				example = "[\"setosa\",\"versicolor\",\"virginica\"]")) List<String> classNames,
		@Schema(description = "Number of examples", example = "150") int rows,
		@Schema(description = "SHA-256 of the CSV file as uploaded (or shipped)",
				example = "ab9e3d3a5d1c8b0e4f7e0c2a5b6d7e8f9a0b1c2d3e4f5a6b7c8d9e0f1a2b3c4d") String sha256,
		@Schema(description = "Size of the CSV file as uploaded, in bytes", example = "4009") long sizeBytes,
		@Schema(description = "When the dataset was registered (UTC)",
				example = "2025-01-31T12:00:00.123456Z") Instant createdAt) {

	static DatasetResponse of(DatasetInfo info) {
		return new DatasetResponse(info.id(), info.name(), info.source(), info.featureShape(), info.featureNames(),
				info.classNames(), info.rows(), info.sha256(), info.sizeBytes(), info.createdAt());
	}

}
