package dev.kiln.datasets.internal;

import java.util.List;

/**
 * What an upload held, besides its feature values.
 *
 * @param labels each row's class index: training rows, then test rows
 * @param testRows how many of the rows, the last ones, are the fixed test set
 */
record ParsedDataset(List<String> featureNames, List<Integer> featureShape, List<String> classNames, int[] labels,
		int testRows) implements BinaryDatasetStore.Content {

	ParsedDataset(List<String> featureNames, List<Integer> featureShape, List<String> classNames, int[] labels) {
		this(featureNames, featureShape, classNames, labels, 0);
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
