package dev.kiln.engine;

import java.util.List;

import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.lossfunctions.LossFunctions.LossFunction;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.within;

class EvaluatorTest {

	private static final List<String> NAMES = List.of("a", "b", "c", "never");

	/** Predicts the index of the largest feature: softmax over identity weights. */
	private static MultiLayerNetwork argMaxNetwork() {
		MultiLayerNetwork network = new MultiLayerNetwork(new NeuralNetConfiguration.Builder().list()
			.layer(new OutputLayer.Builder(LossFunction.MCXENT).nOut(4).activation(Activation.SOFTMAX).build())
			.setInputType(InputType.feedForward(4))
			.build());
		network.init();
		network.setParam("0_W", Nd4j.eye(4).castTo(network.params().dataType()));
		network.setParam("0_b", Nd4j.zeros(network.params().dataType(), 1, 4));
		return network;
	}

	/**
	 * Rows whose predictions give the confusion matrix (actual x predicted) {{2, 1, 0,
	 * 0}, {0, 1, 2, 0}, {1, 0, 2, 0}, {0, 0, 0, 0}}, {@code times} over.
	 */
	private static Examples knownCase(int times) {
		int[][] actualPredicted = { { 0, 0 }, { 0, 0 }, { 0, 1 }, { 1, 1 }, { 1, 2 }, { 1, 2 }, { 2, 0 }, { 2, 2 },
				{ 2, 2 } };
		int rows = actualPredicted.length * times;
		float[] features = new float[rows * 4];
		int[] labels = new int[rows];
		for (int r = 0; r < rows; r++) {
			int[] pair = actualPredicted[r % actualPredicted.length];
			labels[r] = pair[0];
			features[r * 4 + pair[1]] = 1f;
		}
		return new Examples(features, labels, 4, 4);
	}

	@Test
	void knownPredictionsGiveTheHandComputedMetrics() {
		TestEvaluation evaluation = Evaluator.evaluate(argMaxNetwork(), knownCase(1), NAMES, Accelerations.AUTO);

		assertThat(evaluation.examples()).isEqualTo(9);
		assertThat(evaluation.confusion())
			.isDeepEqualTo(new int[][] { { 2, 1, 0, 0 }, { 0, 1, 2, 0 }, { 1, 0, 2, 0 }, { 0, 0, 0, 0 } });
		assertThat(evaluation.accuracy()).isCloseTo(5.0 / 9, within(1e-12));
		List<TestEvaluation.ClassMetrics> classes = evaluation.classes();
		assertThat(classes).extracting(TestEvaluation.ClassMetrics::label).containsExactlyElementsOf(NAMES);
		assertThat(classes).extracting(TestEvaluation.ClassMetrics::support).containsExactly(3, 3, 3, 0);
		// precision: column sums 3, 2, 4, 0; recall: row sums 3, 3, 3, 0
		assertClass(classes.get(0), 2.0 / 3, 2.0 / 3, 2.0 / 3);
		assertClass(classes.get(1), 1.0 / 2, 1.0 / 3, 2.0 / 5);
		assertClass(classes.get(2), 2.0 / 4, 2.0 / 3, 4.0 / 7);
		// never predicted and no rows: 0, not NaN
		assertClass(classes.get(3), 0, 0, 0);
	}

	@Test
	void largeSetsAreEvaluatedInBatchesWithTheSameResult() {
		// 2,700 rows: several inference batches
		TestEvaluation evaluation = Evaluator.evaluate(argMaxNetwork(), knownCase(300), NAMES, Accelerations.OFF);

		assertThat(evaluation.examples()).isEqualTo(2700);
		assertThat(evaluation.confusion())
			.isDeepEqualTo(new int[][] { { 600, 300, 0, 0 }, { 0, 300, 600, 0 }, { 300, 0, 600, 0 }, { 0, 0, 0, 0 } });
		assertClass(evaluation.classes().get(1), 1.0 / 2, 1.0 / 3, 2.0 / 5);
	}

	@Test
	void classNamesMustMatchTheClasses() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> Evaluator.evaluate(argMaxNetwork(), knownCase(1), List.of("a", "b"), Accelerations.AUTO))
			.withMessageContaining("2 class names given for 4 classes");
	}

	@Test
	void noRowsGiveNaNAccuracyAndZeroMetrics() {
		TestEvaluation evaluation = Evaluator.evaluate(argMaxNetwork(), new Examples(new float[0], new int[0], 4, 4),
				NAMES, Accelerations.AUTO);

		assertThat(evaluation.examples()).isZero();
		assertThat(evaluation.accuracy()).isNaN();
		assertThat(evaluation.classes()).allSatisfy((c) -> assertClass(c, 0, 0, 0));
	}

	private static void assertClass(TestEvaluation.ClassMetrics metrics, double precision, double recall, double f1) {
		assertThat(metrics.precision()).as("precision of %s", metrics.label()).isCloseTo(precision, within(1e-12));
		assertThat(metrics.recall()).as("recall of %s", metrics.label()).isCloseTo(recall, within(1e-12));
		assertThat(metrics.f1()).as("F1 of %s", metrics.label()).isCloseTo(f1, within(1e-12));
	}

}
