package dev.kiln.datasets.internal;

import java.util.List;

/**
 * What a CSV file held, besides its feature values.
 *
 * @param labels each row's class index
 */
record ParsedDataset(List<String> featureNames, List<Integer> featureShape, List<String> classNames,
		int[] labels) implements BinaryDatasetStore.Content {

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
