package dev.kiln.datasets;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A registered dataset as the rest of Kiln sees it.
 *
 * @param featureShape {@code [features]} for tabular data,
 * {@code [height, width, channels]} for images
 * @param classNames class index i is named {@code classNames.get(i)}
 * @param sha256 of the file as uploaded (or as shipped, for built-in datasets)
 */
public record DatasetInfo(UUID id, String name, String source, List<Integer> featureShape, List<String> featureNames,
		List<String> classNames, int rows, String sha256, long sizeBytes, Instant createdAt) {
}
