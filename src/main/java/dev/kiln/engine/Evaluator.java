package dev.kiln.engine;

import java.util.List;

import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;

/**
 * Evaluates a trained network on held-out rows.
 */
public final class Evaluator {

	private Evaluator() {
	}

	public static TestEvaluation evaluate(MultiLayerNetwork network, Examples examples, List<String> classNames) {
		throw new UnsupportedOperationException("not implemented yet");
	}

}
