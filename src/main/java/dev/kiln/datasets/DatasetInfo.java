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
 * @param rows every row, the fixed test set included
 * @param testRows the rows of the dataset's fixed test set, 0 when it has none (then
 * {@link DatasetCatalog#split} draws the test rows at random)
 * @param normalization the scaling a job uses when it names none: {@code none},
 * {@code minmax} or {@code standardize}; {@code none} when the dataset declares none
 * @param sha256 of the content as uploaded (or as shipped, for built-in datasets)
 */
public record DatasetInfo(UUID id, String name, String source, List<Integer> featureShape, List<String> featureNames,
		List<String> classNames, int rows, int testRows, String normalization, String sha256, long sizeBytes,
		Instant createdAt) {

	/** The rows outside the fixed test set: all of them when there is none. */
	public int trainingRows() {
		return this.rows - this.testRows;
	}

}
