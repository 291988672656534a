package dev.kiln.engine;

/** Batch sizes for inference passes (evaluation, validation). */
final class Batching {

	private Batching() {
	}

	/**
	 * Rows per inference batch: about a million input values, between 32 and 1024 rows,
	 * so big splits never go through one giant output call.
	 */
	static int rowsPerBatch(int featureLength) {
		return (int) Math.max(32, Math.min(1024, (1 << 20) / Math.max(1, featureLength)));
	}

}
