package dev.kiln.engine.cpu;

import dev.kiln.engine.NativeRuntime;
import dev.kiln.engine.EngineSettings;
import dev.kiln.engine.Examples;
import dev.kiln.engine.TestNetworks;
import static org.assertj.core.api.Assertions.assertThat;

import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.AdamUpdater;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions.LossFunction;
import org.nd4j.linalg.schedule.ExponentialSchedule;
import org.nd4j.linalg.schedule.ScheduleType;

class OwnGradientUpdaterTest {

	@BeforeAll
	static void runtime() {
		NativeRuntime.configure(EngineSettings.defaults());
	}

	/**
	 * Adam on a decaying learning rate, L2 and weight decay: every updater block step.
	 */
	private static MultiLayerConfiguration regularisedMlp() {
		return new NeuralNetConfiguration.Builder().seed(7)
			.updater(new Adam(new ExponentialSchedule(ScheduleType.ITERATION, 0.01, 0.97)))
			.l2(1e-3)
			.weightDecay(1e-4)
			.list()
			.layer(new DenseLayer.Builder().nOut(16).activation(Activation.RELU).build())
			.layer(new DenseLayer.Builder().nOut(8).activation(Activation.TANH).build())
			.layer(new OutputLayer.Builder(LossFunction.MCXENT).nOut(TestNetworks.CLASSES)
				.activation(Activation.SOFTMAX)
				.build())
			.setInputType(InputType.feedForward(TestNetworks.FEATURES))
			.build();
	}

	private static DataSet batch(Examples examples, int from, int rows) {
		int width = examples.featureLength();
		float[] features = new float[rows * width];
		float[] labels = new float[rows * examples.classes()];
		for (int r = 0; r < rows; r++) {
			System.arraycopy(examples.features(), (from + r) * width, features, r * width, width);
			labels[r * examples.classes() + examples.labels()[from + r]] = 1f;
		}
		return new DataSet(Nd4j.create(features, new long[] { rows, width }, 'c'),
				Nd4j.create(labels, new long[] { rows, examples.classes() }, 'c'));
	}

	private static MultiLayerNetwork trained(MultiLayerConfiguration configuration, Examples examples,
			boolean ownGradientUpdater) {
		MultiLayerNetwork network = new MultiLayerNetwork(configuration.clone());
		network.init();
		if (ownGradientUpdater) {
			OwnGradientUpdater.install(network);
		}
		for (int from = 0; from + 16 <= examples.count(); from += 16) {
			network.fit(batch(examples, from, 16));
		}
		return network;
	}

	private static void assertTrainsBitIdentically(MultiLayerConfiguration configuration, Examples examples) {
		MultiLayerNetwork dl4j = trained(configuration, examples, false);
		MultiLayerNetwork kiln = trained(configuration, examples, true);
		assertThat(kiln.getUpdater()).isInstanceOf(OwnGradientUpdater.class);
		assertThat(((OwnGradientUpdater) kiln.getUpdater()).getUpdaterBlocks())
			.anySatisfy((block) -> assertThat(block.getGradientUpdater()).isInstanceOf(HeapAdamUpdater.class))
			.noneSatisfy((block) -> assertThat(block.getGradientUpdater()).isInstanceOf(AdamUpdater.class));
		assertThat(kiln.params().data().asFloat()).containsExactly(dl4j.params().data().asFloat());
		assertThat(kiln.getUpdater().getStateViewArray().data().asFloat())
			.containsExactly(dl4j.getUpdater().getStateViewArray().data().asFloat());
		assertThat(kiln.score()).isEqualTo(dl4j.score());
	}

	@Test
	void trainsBitIdenticallyToDl4jsUpdater() {
		assertTrainsBitIdentically(regularisedMlp(), TestNetworks.blobs(320, 3));
	}

	@Test
	void trainsBatchNormalisationBitIdentically() {
		// batch norm's running mean and variance are updates, not gradients: they are
		// left out of the minibatch division
		assertTrainsBitIdentically(TestNetworks.cnn(), TestNetworks.bars(160, 3));
	}

	@Test
	void handsTheUpdaterTheNetworksOwnGradientView() {
		MultiLayerNetwork network = new MultiLayerNetwork(regularisedMlp());
		network.init();
		OwnGradientUpdater.install(network);
		OwnGradientUpdater updater = (OwnGradientUpdater) network.getUpdater();
		network.setInput(batch(TestNetworks.blobs(16, 3), 0, 16).getFeatures());
		network.setLabels(batch(TestNetworks.blobs(16, 3), 0, 16).getLabels());
		network.computeGradientAndScore();
		Gradient gradient = network.gradient();
		assertThat(gradient.gradient()).isNotSameAs(updater.getFlattenedGradientsView());
		Gradient own = updater.asOwn(gradient);
		assertThat(own.gradient()).isSameAs(updater.getFlattenedGradientsView());
		assertThat(own.gradientForVariable()).isSameAs(gradient.gradientForVariable());
	}

	@Test
	void leavesAnotherNetworksGradientAlone() {
		MultiLayerNetwork network = new MultiLayerNetwork(regularisedMlp());
		network.init();
		OwnGradientUpdater.install(network);
		MultiLayerNetwork other = new MultiLayerNetwork(regularisedMlp());
		other.init();
		DataSet data = batch(TestNetworks.blobs(16, 3), 0, 16);
		other.setInput(data.getFeatures());
		other.setLabels(data.getLabels());
		other.computeGradientAndScore();
		Gradient foreign = other.gradient();
		assertThat(((OwnGradientUpdater) network.getUpdater()).asOwn(foreign)).isSameAs(foreign);
	}

	@Test
	void keepsTheStateOfTheUpdaterItReplaces() {
		MultiLayerNetwork network = new MultiLayerNetwork(regularisedMlp());
		network.init();
		INDArray state = network.getUpdater().getStateViewArray();
		state.assign(Nd4j.rand(DataType.FLOAT, state.shape()));
		float[] before = state.data().asFloat();
		OwnGradientUpdater.install(network);
		OwnGradientUpdater.install(network);
		assertThat(network.getUpdater()).isInstanceOf(OwnGradientUpdater.class);
		assertThat(network.getUpdater().getStateViewArray().data().asFloat()).containsExactly(before);
	}

}
