package dev.kiln.datasets;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A registered dataset as the rest of Kiln sees it.
 *
 * @param source {@code builtin} (shipped with Kiln) or {@code upload}
 * @param format how it was uploaded: {@code csv}, {@code idx} or {@code images-zip}
 * @param featureShape {@code [features]} for tabular data,
 * {@code [height, width, channels]} for images
 * @param classNames class index i is named {@code classNames.get(i)}
 * @param rows every row, the fixed test set included
 * @param testRows the rows of the dataset's fixed test set, 0 when it has none (then
 * {@link DatasetCatalog#split} draws the test rows at random)
 * @param normalization the scaling a job uses when it names none: {@code none},
 * {@code minmax} or {@code standardize}; {@code none} when the dataset declares none
 * @param oneHotColumns the CSV columns encoded one-hot: each is the features named
 * {@code column=value} in {@link #featureNames()}, in the column's place, 1 for the row's
 * value and 0 for the others; empty for other datasets
 * @param sha256 of the content as uploaded (or as shipped, for built-in datasets); for
 * uploads of several parts, of the parts concatenated in their format's order
 * @param sizeBytes of the content as uploaded, every part together
 * @param deletedAt when the dataset was deleted, null while it is active. A deleted
 * dataset is found only by its id (jobs that used it still need its class names and
 * shape), its file is gone and it cannot be split.
 */
public record DatasetInfo(UUID id, String name, String source, String format, List<Integer> featureShape,
		List<String> featureNames, List<String> classNames, int rows, int testRows, String normalization,
		List<String> oneHotColumns, String sha256, long sizeBytes, Instant createdAt, Instant deletedAt) {

	public boolean deleted() {
		return this.deletedAt != null;
	}

	/** The rows outside the fixed test set: all of them when there is none. */
	public int trainingRows() {
		return this.rows - this.testRows;
	}

}
