package dev.kiln.bench;

import java.util.Arrays;
import java.util.List;

/** Order statistics and means over measured values. */
final class Samples {

	private Samples() {
	}

	static double median(List<Double> values) {
		return percentile(values, 50);
	}

	/**
	 * The median that splits an even count between its two middle values: their mean (of
	 * two rounds, the mean of the two), as Python's {@code statistics.median}; NaN when
	 * there are none.
	 */
	static double middle(List<Double> values) {
		if (values.isEmpty()) {
			return Double.NaN;
		}
		double[] sorted = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
		int half = sorted.length / 2;
		return (sorted.length % 2 == 1) ? sorted[half] : (sorted[half - 1] + sorted[half]) / 2;
	}

	/**
	 * The nearest-rank percentile: the smallest value that at least {@code p} percent of
	 * the values do not exceed (NaN when there are none).
	 */
	static double percentile(List<Double> values, double p) {
		if (values.isEmpty()) {
			return Double.NaN;
		}
		double[] sorted = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
		return percentile(sorted, p);
	}

	/** As {@link #percentile(List, double)}, over values already sorted ascending. */
	static double percentile(double[] sorted, double p) {
		if (sorted.length == 0) {
			return Double.NaN;
		}
		int rank = (int) Math.ceil(p / 100.0 * sorted.length);
		return sorted[Math.max(0, Math.min(sorted.length, rank) - 1)];
	}

	/** The arithmetic mean (NaN when there are no values). */
	static double mean(List<Double> values) {
		return values.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
	}

	/**
	 * The standard error of the mean: the sample standard deviation over the square root
	 * of the count (NaN for fewer than two values).
	 */
	static double standardError(List<Double> values) {
		int n = values.size();
		if (n < 2) {
			return Double.NaN;
		}
		double mean = mean(values);
		double squares = 0;
		for (double value : values) {
			squares += (value - mean) * (value - mean);
		}
		return Math.sqrt(squares / (n - 1) / n);
	}

	static double[] sortedMillis(long[] nanos, int count) {
		double[] millis = new double[count];
		for (int i = 0; i < count; i++) {
			millis[i] = nanos[i] / 1e6;
		}
		Arrays.sort(millis);
		return millis;
	}

}
