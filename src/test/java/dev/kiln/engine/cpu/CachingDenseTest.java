package dev.kiln.engine.cpu;

import dev.kiln.spec.DataShape;
import dev.kiln.spec.Specs;
import java.util.List;
import java.util.Random;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

import static org.assertj.core.api.Assertions.assertThat;

class CachingDenseTest {

	/** Three activations (relu, sigmoid, tanh), input dropout and L2. */
	private static final String MLP = """
			{"model": {"input": [24], "layers": [
			  {"type": "dense", "units": 16, "activation": "relu"},
			  {"type": "dense", "units": 12, "activation": "sigmoid", "dropout": 0.3},
			  {"type": "dense", "units": 8, "activation": "tanh"},
			  {"type": "output", "units": 3}]},
			 "training": {"seed": 7, "l2": 0.001}}
			""";

	/** Sigmoid layers without dropout, whose masks would differ between two networks. */
	private static final String SIGMOID_MLP = """
			{"model": {"input": [24], "layers": [
			  {"type": "dense", "units": 12, "activation": "sigmoid"},
			  {"type": "dense", "units": 8, "activation": "sigmoid"},
			  {"type": "output", "units": 3}]},
			 "training": {"seed": 7}}
			""";

	private static final DataShape DATA = new DataShape(List.of(24), 3, 60);

	@Test
	void trainsAsDl4jsDenseLayerUpToRounding() {
		MultiLayerConfiguration compiled = Accelerated.compile(MLP, DATA);
		for (int layer = 0; layer < 3; layer++) {
			assertThat(compiled.getConf(layer).getLayer()).isInstanceOf(CachingDenseLayer.class);
		}
		MultiLayerNetwork kiln = new MultiLayerNetwork(compiled.clone());
		kiln.init();
		MultiLayerNetwork dl4j = new MultiLayerNetwork(asDl4jsOwnLayers(compiled));
		dl4j.init(kiln.params().dup(), true);
		assertThat(dl4j.getLayer(1).getClass()).isNotEqualTo(kiln.getLayer(1).getClass());

		Random random = new Random(3);
		for (int step = 0; step < 6; step++) {
			DataSet batch = Specs.randomBatch(random, 10, 24, 3, 0.2);
			// the same dropout masks for both
			Nd4j.getRandom().setSeed(100 + step);
			kiln.fit(batch);
			Nd4j.getRandom().setSeed(100 + step);
			dl4j.fit(batch);
			Specs.assertSameUpToRounding(kiln.score(), dl4j.score());
		}
		Specs.assertSameUpToRounding(kiln.params(), dl4j.params());
		assertThat(kiln.params()).isNotEqualTo(new MultiLayerNetwork(compiled.clone()).params());
	}

	@Test
	void onlyTheFirstLayerSkipsTheInputGradient() {
		MultiLayerConfiguration compiled = Accelerated.compile(MLP, DATA);
		assertThat(((CachingDenseLayer) compiled.getConf(0).getLayer()).isInputGradient()).isFalse();
		assertThat(((CachingDenseLayer) compiled.getConf(1).getLayer()).isInputGradient()).isTrue();
		MultiLayerNetwork network = new MultiLayerNetwork(compiled);
		network.init();
		network.initGradientsView();
		assertThat(backprop(network.getLayer(0), 24).getSecond()).isNull();
		INDArray inputGradient = backprop(network.getLayer(1), 16).getSecond();
		assertThat(inputGradient.shape()).isEqualTo(new long[] { 5, 16 });
		assertThat(inputGradient.amaxNumber().doubleValue()).isPositive();

		// a dense first layer on images takes the flat rows as they are
		MultiLayerConfiguration images = Accelerated.compile(
				Specs.model("4, 6, 1", "{\"type\": \"dense\", \"units\": 5}, {\"type\": \"output\", \"units\": 3}"),
				new DataShape(List.of(4, 6, 1), 3, 30));
		assertThat(images.getInputPreProcess(0)).isNull();
		assertThat(((CachingDenseLayer) images.getConf(0).getLayer()).isInputGradient()).isFalse();
	}

	@Test
	void takesTheSigmoidsDerivativeFromTheForwardPass() {
		MultiLayerNetwork[] twins = twins(SIGMOID_MLP);
		MultiLayerNetwork kiln = twins[0];
		MultiLayerNetwork dl4j = twins[1];
		INDArray input = Specs.randomBatch(new Random(4), 5, 12, 3, 0).getFeatures().muli(4);
		INDArray epsilon = Nd4j.rand(DataType.FLOAT, 5, 8);
		Layer cached = kiln.getLayer(1);
		cached.setInput(input, LayerWorkspaceMgr.noWorkspaces());
		INDArray activation = cached.activate(true, LayerWorkspaceMgr.noWorkspaces());
		Pair<Gradient, INDArray> actual = cached.backpropGradient(epsilon.dup(), LayerWorkspaceMgr.noWorkspaces());
		Layer plain = dl4j.getLayer(1);
		plain.setInput(input, LayerWorkspaceMgr.noWorkspaces());
		assertThat(activation).isEqualTo(plain.activate(true, LayerWorkspaceMgr.noWorkspaces()));
		Pair<Gradient, INDArray> expected = plain.backpropGradient(epsilon.dup(), LayerWorkspaceMgr.noWorkspaces());
		assertSameGradients(actual, expected);
	}

	@ParameterizedTest
	@ValueSource(booleans = { true, false })
	void recomputesThePreActivationWhenTheInputChangedSinceTheForwardPass(boolean sigmoid) {
		MultiLayerNetwork[] twins = twins(sigmoid ? SIGMOID_MLP : MLP);
		MultiLayerNetwork kiln = twins[0];
		MultiLayerNetwork dl4j = twins[1];
		Random random = new Random(5);
		INDArray stale = Specs.randomBatch(random, 5, 12, 3, 0).getFeatures();
		INDArray current = Specs.randomBatch(random, 5, 12, 3, 0).getFeatures();
		INDArray epsilon = Nd4j.rand(DataType.FLOAT, 5, 8);
		// a tanh or a sigmoid layer without dropout, whose masks would differ
		int index = sigmoid ? 1 : 2;
		Layer cached = kiln.getLayer(index);
		cached.setInput(stale, LayerWorkspaceMgr.noWorkspaces());
		cached.activate(true, LayerWorkspaceMgr.noWorkspaces());
		cached.setInput(current, LayerWorkspaceMgr.noWorkspaces());
		Pair<Gradient, INDArray> actual = cached.backpropGradient(epsilon.dup(), LayerWorkspaceMgr.noWorkspaces());
		Layer plain = dl4j.getLayer(index);
		plain.setInput(current, LayerWorkspaceMgr.noWorkspaces());
		Pair<Gradient, INDArray> expected = plain.backpropGradient(epsilon.dup(), LayerWorkspaceMgr.noWorkspaces());
		assertSameGradients(actual, expected);
	}

	@ParameterizedTest
	@ValueSource(booleans = { true, false })
	void survivesTheConfigurationJsonAndCheckpoints(boolean viaCheckpoint) throws Exception {
		MultiLayerConfiguration compiled = Accelerated.compile(MLP, DATA);
		MultiLayerNetwork network = new MultiLayerNetwork(compiled.clone());
		network.init();
		MultiLayerNetwork restored = Specs.restored(network, viaCheckpoint);
		MultiLayerConfiguration configuration = restored.getLayerWiseConfigurations();
		assertThat(((CachingDenseLayer) configuration.getConf(0).getLayer()).isInputGradient()).isFalse();
		assertThat(((CachingDenseLayer) configuration.getConf(2).getLayer()).isInputGradient()).isTrue();
		assertThat(configuration).isEqualTo(network.getLayerWiseConfigurations());
		assertThat(configuration.getConf(1).getLayer()).isEqualTo(compiled.getConf(1).getLayer());
		assertThat(configuration.getConf(0).getLayer()).isNotEqualTo(compiled.getConf(1).getLayer());
		DataSet batch = Specs.randomBatch(new Random(2), 4, 24, 3, 0);
		assertThat(restored.output(batch.getFeatures())).isEqualTo(network.output(batch.getFeatures()));
	}

	/**
	 * A network of {@code json} with Kiln's layers and one with DL4J's, with the same
	 * parameters, ready for backward passes.
	 */
	private static MultiLayerNetwork[] twins(String json) {
		MultiLayerConfiguration compiled = Accelerated.compile(json, DATA);
		MultiLayerNetwork kiln = new MultiLayerNetwork(compiled.clone());
		kiln.init();
		MultiLayerNetwork dl4j = new MultiLayerNetwork(asDl4jsOwnLayers(compiled));
		dl4j.init(kiln.params().dup(), true);
		kiln.initGradientsView();
		dl4j.initGradientsView();
		return new MultiLayerNetwork[] { kiln, dl4j };
	}

	private static void assertSameGradients(Pair<Gradient, INDArray> actual, Pair<Gradient, INDArray> expected) {
		Specs.assertSameUpToRounding(actual.getFirst().getGradientFor("W"), expected.getFirst().getGradientFor("W"));
		Specs.assertSameUpToRounding(actual.getFirst().getGradientFor("b"), expected.getFirst().getGradientFor("b"));
		Specs.assertSameUpToRounding(actual.getSecond(), expected.getSecond());
	}

	private static Pair<Gradient, INDArray> backprop(Layer layer, int inputs) {
		layer.setInput(Nd4j.rand(DataType.FLOAT, 5, inputs), LayerWorkspaceMgr.noWorkspaces());
		INDArray output = layer.activate(true, LayerWorkspaceMgr.noWorkspaces());
		return layer.backpropGradient(Nd4j.rand(DataType.FLOAT, output.shape()), LayerWorkspaceMgr.noWorkspaces());
	}

	/** The same configuration with DL4J's dense layers. */
	static MultiLayerConfiguration asDl4jsOwnLayers(MultiLayerConfiguration configuration) {
		MultiLayerConfiguration dl4j = Accelerated.withDl4jsDenseAndOutputLayers(configuration);
		assertThat(dl4j.getConf(0).getLayer().getClass()).isEqualTo(DenseLayer.class);
		return dl4j;
	}

}
