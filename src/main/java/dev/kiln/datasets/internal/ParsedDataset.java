package dev.kiln.datasets.internal;

import java.util.List;

/**
 * What an upload held, besides its feature values.
 *
 * @param labels each row's class index: training rows, then test rows
 * @param testRows how many of the rows, the last ones, are the fixed test set
 * @param oneHotColumns the CSV columns encoded one-hot, each as features named
 * {@code column=value}
 * @param skipped the entries left out of an archive, null for formats without entries
 */
record ParsedDataset(List<String> featureNames, List<Integer> featureShape, List<String> classNames, int[] labels,
		int testRows, List<String> oneHotColumns, SkippedEntries skipped) implements BinaryDatasetStore.Content {

	ParsedDataset(List<String> featureNames, List<Integer> featureShape, List<String> classNames, int[] labels) {
		this(featureNames, featureShape, classNames, labels, 0, List.of(), null);
	}

	ParsedDataset withSkipped(SkippedEntries skipped) {
		return new ParsedDataset(this.featureNames, this.featureShape, this.classNames, this.labels, this.testRows,
				this.oneHotColumns, skipped);
	}

	ParsedDataset withOneHot(List<String> columns) {
		return new ParsedDataset(this.featureNames, this.featureShape, this.classNames, this.labels, this.testRows,
				List.copyOf(columns), this.skipped);
	}

	@Override
	public int featureLength() {
		return this.featureNames.size();
	}

	@Override
	public int classes() {
		return this.classNames.size();
	}

	int rows() {
		return this.labels.length;
	}

}
