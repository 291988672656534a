package dev.kiln.engine;

import java.util.ArrayList;
import java.util.List;

import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;

/**
 * Evaluates a trained network on held-out rows.
 */
public final class Evaluator {

	private Evaluator() {
	}

	/**
	 * Accuracy, per-class metrics and the confusion matrix of {@code network} on
	 * {@code examples}, predicting batch by batch (the class with the highest output).
	 * <p>
	 * Per class: precision = correct predictions of the class / all predictions of the
	 * class, recall = correct predictions / rows of the class (its support), F1 = their
	 * harmonic mean. Where a ratio is undefined (a class never predicted, a class with no
	 * rows, or precision and recall both 0) it is reported as 0 rather than NaN. Accuracy
	 * is NaN when {@code examples} holds no rows.
	 * @param classNames one label per class, in class-index order
	 * @throws IllegalArgumentException if {@code classNames} does not hold one name per
	 * class, or the rows do not fit the network
	 * @param accelerations those the network was loaded with
	 */
	public static TestEvaluation evaluate(MultiLayerNetwork network, Examples examples, List<String> classNames,
			Accelerations accelerations) {
		int classes = examples.classes();
		if (classNames.size() != classes) {
			throw new IllegalArgumentException(
					classNames.size() + " class names given for " + classes + " classes: " + classNames);
		}
		int inputs = Predictor.featureLength(network);
		if (inputs != examples.featureLength()) {
			throw new IllegalArgumentException(
					"the network takes rows of " + inputs + " features, the data has " + examples.featureLength());
		}
		int[][] confusion = new int[classes][classes];
		ExamplesIterator batches = ExamplesIterator.inOrder(examples, Batching.rowsPerBatch(examples.featureLength()),
				accelerations.active());
		int row = 0;
		while (batches.hasNext()) {
			DataSet batch = batches.next();
			INDArray output;
			synchronized (network) {
				output = network.output(batch.getFeatures(), false);
			}
			long[] predicted = output.argMax(1).toLongVector();
			for (long p : predicted) {
				if (p >= classes) {
					throw new IllegalArgumentException(
							"the network scores " + output.size(1) + " classes, the data has " + classes);
				}
				confusion[examples.labels()[row++]][(int) p]++;
			}
		}
		return fromConfusion(confusion, classNames);
	}

	/** Metrics from a confusion matrix {@code [actual][predicted]}. */
	static TestEvaluation fromConfusion(int[][] confusion, List<String> classNames) {
		int classes = confusion.length;
		int total = 0;
		int correct = 0;
		int[] predictedCounts = new int[classes];
		int[] support = new int[classes];
		for (int actual = 0; actual < classes; actual++) {
			for (int predicted = 0; predicted < classes; predicted++) {
				int n = confusion[actual][predicted];
				total += n;
				support[actual] += n;
				predictedCounts[predicted] += n;
				if (actual == predicted) {
					correct += n;
				}
			}
		}
		List<TestEvaluation.ClassMetrics> metrics = new ArrayList<>(classes);
		for (int c = 0; c < classes; c++) {
			int truePositives = confusion[c][c];
			double precision = ratio(truePositives, predictedCounts[c]);
			double recall = ratio(truePositives, support[c]);
			double f1 = (precision + recall > 0) ? 2 * precision * recall / (precision + recall) : 0;
			metrics.add(new TestEvaluation.ClassMetrics(classNames.get(c), precision, recall, f1, support[c]));
		}
		double accuracy = (total > 0) ? (double) correct / total : Double.NaN;
		return new TestEvaluation(total, accuracy, List.copyOf(metrics), confusion);
	}

	private static double ratio(int numerator, int denominator) {
		return (denominator > 0) ? (double) numerator / denominator : 0;
	}

}
