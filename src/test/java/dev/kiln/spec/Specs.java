package dev.kiln.spec;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Specs for tests, written as clients write them.
 */
public final class Specs {

	public static final JsonMapper MAPPER = JsonMapper.builder()
		.enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
		.build();

	static final SpecCompiler COMPILER = new SpecCompiler();

	/** The classic CNN for 28x28 grey images. */
	static final String CLASSIC_CNN = """
			{"name": "cnn", "dataset": "fashion-mnist",
			 "model": {"input": [28, 28, 1], "layers": [
			   {"type": "conv2d", "filters": 6, "kernel": 6, "stride": 1, "padding": "same", "activation": "relu"},
			   {"type": "conv2d", "filters": 12, "kernel": [5, 5], "stride": 2, "padding": "same", "activation": "relu"},
			   {"type": "conv2d", "filters": 24, "kernel": 4, "stride": [2, 2], "padding": "same", "activation": "relu"},
			   {"type": "dense", "units": 200, "activation": "relu", "dropout": 0.25},
			   {"type": "output", "units": 10, "activation": "softmax"}]}}
			""";

	static final String MLP_5 = """
			{"model": {"input": [784], "layers": [
			   {"type": "dense", "units": 200}, {"type": "dense", "units": 100},
			   {"type": "dense", "units": 60}, {"type": "dense", "units": 30},
			   {"type": "output", "units": 10}]}}
			""";

	static final String MLP_IRIS = """
			{"model": {"input": [4], "layers": [{"type": "dense", "units": 16}, {"type": "output"}]}}
			""";

	static final DataShape MNIST = new DataShape(List.of(28, 28, 1), 10, 60_000);

	static final DataShape IRIS = new DataShape(List.of(4), 3, 105);

	private Specs() {
	}

	public static JobSpec parse(String json) {
		return MAPPER.readValue(json, JobSpec.class);
	}

	public static CompiledSpec compile(String json, DataShape data) {
		return COMPILER.compile(parse(json), data);
	}

	/**
	 * A minibatch of {@code rows} random rows, each value zero with probability
	 * {@code zeroShare} (as black pixels are) and uniform in [0, 1) otherwise, each with
	 * a random one-hot label.
	 */
	public static DataSet randomBatch(Random random, int rows, int width, int classes, double zeroShare) {
		float[] features = new float[rows * width];
		float[] labels = new float[rows * classes];
		for (int row = 0; row < rows; row++) {
			for (int i = 0; i < width; i++) {
				features[row * width + i] = (random.nextDouble() < zeroShare) ? 0 : random.nextFloat();
			}
			labels[row * classes + random.nextInt(classes)] = 1;
		}
		return new DataSet(Nd4j.create(features, new long[] { rows, width }),
				Nd4j.create(labels, new long[] { rows, classes }));
	}

	/**
	 * The network read back from a checkpoint written by DL4J, or else rebuilt from its
	 * configuration's JSON with the same parameters.
	 */
	public static MultiLayerNetwork restored(MultiLayerNetwork network, boolean viaCheckpoint) throws IOException {
		if (viaCheckpoint) {
			ByteArrayOutputStream bytes = new ByteArrayOutputStream();
			ModelSerializer.writeModel(network, bytes, true);
			return ModelSerializer.restoreMultiLayerNetwork(new ByteArrayInputStream(bytes.toByteArray()), true);
		}
		MultiLayerNetwork restored = new MultiLayerNetwork(
				MultiLayerConfiguration.fromJson(network.getLayerWiseConfigurations().toJson()));
		restored.init(network.params().dup(), true);
		return restored;
	}

	/**
	 * Asserts that two arrays hold the same values up to float rounding (sums taken in
	 * another order): within a millionth of the largest magnitude, plus a floor for
	 * values near zero. A wrong sign, term or layout is far outside it.
	 */
	public static void assertSameUpToRounding(INDArray actual, INDArray expected) {
		assertThat(actual.shape()).containsExactly(expected.shape());
		double scale = Math.max(1.0, expected.amaxNumber().doubleValue());
		assertThat(actual.sub(expected).amaxNumber().doubleValue()).isLessThanOrEqualTo(1e-6 * scale);
	}

	/** {@link #assertSameUpToRounding(INDArray, INDArray)} for a score. */
	public static void assertSameUpToRounding(double actual, double expected) {
		assertThat(actual).isCloseTo(expected, within(1e-6 * Math.max(1.0, Math.abs(expected))));
	}

	/** A model with the given input and layers (JSON arrays' contents). */
	public static String model(String input, String layers) {
		return "{\"model\": {\"input\": [" + input + "], \"layers\": [" + layers + "]}}";
	}

}
