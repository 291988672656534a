package dev.kiln.inference.internal;

import java.time.Instant;
import java.util.Random;
import java.util.UUID;

import dev.kiln.checkpoints.CheckpointInfo;
import dev.kiln.engine.Predictor;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.lossfunctions.LossFunctions.LossFunction;

/** Real, small DL4J networks (randomly initialised) for the inference tests. */
final class TestModels {

	static final int FEATURES = 4;

	static final int CLASSES = 3;

	private TestModels() {
	}

	/** An MLP with {@code hidden} units: 4 -> hidden -> 3. */
	static Predictor mlp(int hidden) {
		MultiLayerNetwork network = new MultiLayerNetwork(new NeuralNetConfiguration.Builder().seed(hidden)
			.list()
			.layer(new DenseLayer.Builder().nOut(hidden).activation(Activation.TANH).build())
			.layer(new OutputLayer.Builder(LossFunction.MCXENT).nOut(CLASSES).activation(Activation.SOFTMAX).build())
			.setInputType(InputType.feedForward(FEATURES))
			.build());
		network.init();
		return new Predictor(network);
	}

	/** Parameters of {@link #mlp(int)}: weights and biases of both layers. */
	static long parameters(int hidden) {
		return (FEATURES + 1L) * hidden + (hidden + 1L) * CLASSES;
	}

	static float[][] rows(int count, long seed) {
		Random random = new Random(seed);
		float[][] rows = new float[count][FEATURES];
		for (float[] row : rows) {
			for (int i = 0; i < FEATURES; i++) {
				row[i] = (float) random.nextGaussian() * 3;
			}
		}
		return rows;
	}

	static CheckpointInfo checkpoint() {
		return new CheckpointInfo(UUID.randomUUID(), UUID.randomUUID(), 1, 1, "0", 0, 0, Instant.now());
	}

}
