package dev.kiln.engine;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.within;

class PredictorTest {

	private static Predictor mlpPredictor() {
		MultiLayerNetwork network = new MultiLayerNetwork(TestNetworks.mlp());
		network.init();
		return new Predictor(network);
	}

	@Test
	void probabilitiesOfEachRowSumToOne() {
		Predictor predictor = mlpPredictor();
		float[][] rows = { { 1, 2, 3, 4 }, { -1, 0, 0.5f, 2 }, { 0, 0, 0, 0 } };

		float[][] probabilities = predictor.probabilities(rows);

		assertThat(probabilities).hasNumberOfRows(3);
		for (float[] row : probabilities) {
			assertThat(row).hasSize(TestNetworks.CLASSES);
			double sum = 0;
			for (float p : row) {
				assertThat(p).isBetween(0f, 1f);
				sum += p;
			}
			assertThat(sum).isCloseTo(1.0, within(1e-5));
		}
	}

	@Test
	void rowsOfTheWrongLengthAreRejected() {
		Predictor predictor = mlpPredictor();

		assertThatIllegalArgumentException()
			.isThrownBy(() -> predictor.probabilities(new float[][] { { 1, 2, 3, 4 }, { 1, 2, 3 } }))
			.withMessage("row 1 has 3 values, the model takes 4");
	}

	@Test
	void featureLengthOfAFlatConvolutionalInputIsChannelsTimesHeightTimesWidth() {
		MultiLayerNetwork cnn = new MultiLayerNetwork(TestNetworks.cnn());
		cnn.init();

		assertThat(mlpPredictor().featureLength()).isEqualTo(TestNetworks.FEATURES);
		assertThat(new Predictor(cnn).featureLength()).isEqualTo(64);
		assertThat(new Predictor(cnn).probabilities(new float[][] { new float[64] })[0]).hasSize(TestNetworks.CLASSES);
	}

	@Test
	void concurrentCallersGetTheSameAnswersAsOneCaller() throws Exception {
		Predictor predictor = mlpPredictor();
		Examples examples = TestNetworks.blobs(200, 5);
		float[][] rows = new float[200][];
		for (int r = 0; r < rows.length; r++) {
			rows[r] = java.util.Arrays.copyOfRange(examples.features(), r * 4, r * 4 + 4);
		}
		float[][] expected = predictor.probabilities(rows);
		ExecutorService pool = Executors.newFixedThreadPool(4);
		try {
			List<Future<float[][]>> answers = new ArrayList<>();
			for (int i = 0; i < 40; i++) {
				answers.add(pool.submit(() -> predictor.probabilities(rows)));
			}
			for (Future<float[][]> answer : answers) {
				assertThat(answer.get()).isDeepEqualTo(expected);
			}
		}
		finally {
			pool.shutdownNow();
		}
	}

}
