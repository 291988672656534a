package dev.kiln.engine;

/**
 * A per-feature affine map {@code x' = (x - offset) / scale}, fitted on the training
 * split and applied identically to validation, test and inference rows.
 */
public record FeatureScaling(float[] offset, float[] scale) {

	public FeatureScaling {
		if (offset.length != scale.length) {
			throw new IllegalArgumentException("offset and scale differ in length");
		}
	}

	public static FeatureScaling fit(String kind, Examples train) {
		throw new UnsupportedOperationException("not implemented yet");
	}

	public Examples apply(Examples examples) {
		throw new UnsupportedOperationException("not implemented yet");
	}

	public float[][] apply(float[][] rows) {
		throw new UnsupportedOperationException("not implemented yet");
	}

}
