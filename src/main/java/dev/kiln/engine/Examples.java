package dev.kiln.engine;

/**
 * Labelled examples held in memory: {@code count} rows of {@code featureLength} features,
 * row-major, each with a class index in {@code [0, classes)}. Image rows are flattened
 * channel-first (c, h, w), which is the order DL4J's flat convolutional input expects, so
 * every model takes the same flat rows.
 */
public record Examples(float[] features, int[] labels, int featureLength, int classes) {

	public Examples {
		if (featureLength <= 0 || classes <= 0) {
			throw new IllegalArgumentException("featureLength and classes must be positive");
		}
		if (features.length != labels.length * featureLength) {
			throw new IllegalArgumentException(
					"features hold " + features.length + " values, expected " + labels.length * featureLength);
		}
	}

	public int count() {
		return labels.length;
	}

}
