package dev.kiln.datasets.internal;

import java.util.Random;

import dev.kiln.datasets.DatasetSplit;
import dev.kiln.engine.Examples;

/**
 * Cuts examples into training, validation and test sets, stratified by class: each class
 * gives {@code round(n * fraction)} of its {@code n} rows to validation and to test, but
 * always keeps at least one for training. Which rows go where, and the order of rows
 * within each set, depend only on the seed. A dataset's fixed test set is never drawn
 * from: validation comes from the training rows alone.
 */
final class StratifiedSplitter {

	/**
	 * Splits a dataset's stored rows: with a fixed test set, that set is the test split
	 * as stored and {@code testFraction} is ignored.
	 */
	DatasetSplit split(BinaryDatasetStore.StoredRows rows, double validationFraction, double testFraction, long seed) {
		if (!rows.hasTestSet()) {
			return split(rows.training(), validationFraction, testFraction, seed);
		}
		DatasetSplit split = split(rows.training(), validationFraction, 0, seed);
		return new DatasetSplit(split.train(), split.validation(), rows.test());
	}

	DatasetSplit split(Examples all, double validationFraction, double testFraction, long seed) {
		check("validationFraction", validationFraction);
		check("testFraction", testFraction);
		if (validationFraction + testFraction >= 1) {
			throw new IllegalArgumentException("validationFraction + testFraction must be below 1, got "
					+ validationFraction + " + " + testFraction);
		}
		int classes = all.classes();
		int[] perClass = new int[classes];
		for (int label : all.labels()) {
			if (label < 0 || label >= classes) {
				throw new IllegalArgumentException("class index " + label + " outside [0, " + classes + ")");
			}
			perClass[label]++;
		}
		int[][] rowsOfClass = new int[classes][];
		for (int c = 0; c < classes; c++) {
			rowsOfClass[c] = new int[perClass[c]];
		}
		int[] filled = new int[classes];
		for (int r = 0; r < all.count(); r++) {
			int label = all.labels()[r];
			rowsOfClass[label][filled[label]++] = r;
		}
		Random random = new Random(seed);
		int[] validation = new int[all.count()];
		int[] test = new int[all.count()];
		int[] train = new int[all.count()];
		int validationCount = 0;
		int testCount = 0;
		int trainCount = 0;
		for (int c = 0; c < classes; c++) {
			int[] rows = rowsOfClass[c];
			int n = rows.length;
			if (n == 0) {
				continue;
			}
			shuffle(rows, rows.length, random);
			int nv = (int) Math.round(n * validationFraction);
			int nt = (int) Math.round(n * testFraction);
			while (nv + nt > n - 1) {
				if (nt >= nv) {
					nt--;
				}
				else {
					nv--;
				}
			}
			System.arraycopy(rows, 0, validation, validationCount, nv);
			validationCount += nv;
			System.arraycopy(rows, nv, test, testCount, nt);
			testCount += nt;
			System.arraycopy(rows, nv + nt, train, trainCount, n - nv - nt);
			trainCount += n - nv - nt;
		}
		shuffle(train, trainCount, random);
		shuffle(validation, validationCount, random);
		shuffle(test, testCount, random);
		return new DatasetSplit(select(all, train, trainCount), select(all, validation, validationCount),
				select(all, test, testCount));
	}

	private static void check(String name, double fraction) {
		if (!(fraction >= 0 && fraction < 1)) {
			throw new IllegalArgumentException(name + " must be in [0, 1), got " + fraction);
		}
	}

	/** Fisher-Yates shuffle of the first {@code count} values. */
	private static void shuffle(int[] values, int count, Random random) {
		for (int i = count - 1; i > 0; i--) {
			int j = random.nextInt(i + 1);
			int value = values[i];
			values[i] = values[j];
			values[j] = value;
		}
	}

	private static Examples select(Examples all, int[] rows, int count) {
		int length = all.featureLength();
		float[] features = new float[count * length];
		int[] labels = new int[count];
		for (int i = 0; i < count; i++) {
			System.arraycopy(all.features(), rows[i] * length, features, i * length, length);
			labels[i] = all.labels()[rows[i]];
		}
		return new Examples(features, labels, length, all.classes());
	}

}
