package dev.kiln.engine;

import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;

/**
 * Class probabilities for flat feature rows from a loaded network. Safe to call from
 * several threads.
 */
public final class Predictor {

	public Predictor(MultiLayerNetwork network) {
	}

	/** The number of features the network takes per row. */
	public int featureLength() {
		throw new UnsupportedOperationException("not implemented yet");
	}

	/** One row of class probabilities per input row. */
	public float[][] probabilities(float[][] rows) {
		throw new UnsupportedOperationException("not implemented yet");
	}

}
