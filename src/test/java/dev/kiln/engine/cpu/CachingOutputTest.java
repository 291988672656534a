package dev.kiln.engine.cpu;

import dev.kiln.spec.DataShape;
import dev.kiln.spec.Specs;
import java.util.List;
import java.util.Random;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.api.layers.IOutputLayer;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.lossfunctions.impl.LossBinaryXENT;
import org.nd4j.linalg.lossfunctions.impl.LossMCXENT;
import org.nd4j.linalg.lossfunctions.impl.LossMSE;

import static org.assertj.core.api.Assertions.assertThat;

class CachingOutputTest {

	private static final DataShape DATA = new DataShape(List.of(24), 3, 60);

	/** A softmax regression: the output layer is the only one. */
	private static final String SOFTMAX = """
			{"model": {"input": [24], "layers": [{"type": "output"}]}}
			""";

	/** Mean squared error behind a dense layer with input dropout, and L2. */
	private static final String MSE = """
			{"model": {"input": [24], "layers": [
			  {"type": "dense", "units": 10, "activation": "tanh"},
			  {"type": "output", "loss": "mse", "dropout": 0.2}]},
			 "training": {"seed": 4, "l2": 0.01}}
			""";

	private static final String BINARY = """
			{"model": {"input": [24], "layers": [
			  {"type": "dense", "units": 6}, {"type": "output", "loss": "binary-cross-entropy"}]}}
			""";

	@ParameterizedTest
	@ValueSource(strings = { SOFTMAX, MSE, BINARY })
	void trainsAndScoresAsDl4jsOutputLayerUpToRounding(String spec) {
		MultiLayerConfiguration compiled = Accelerated.compile(spec, DATA);
		int last = compiled.getConfs().size() - 1;
		assertThat(compiled.getConf(last).getLayer()).isInstanceOf(CachingOutputLayer.class);
		MultiLayerNetwork kiln = new MultiLayerNetwork(compiled.clone());
		kiln.init();
		MultiLayerNetwork dl4j = new MultiLayerNetwork(asDl4jsOwnLayers(compiled));
		dl4j.init(kiln.params().dup(), true);
		assertThat(dl4j.getOutputLayer().getClass()).isNotEqualTo(kiln.getOutputLayer().getClass());

		Random random = new Random(8);
		for (int step = 0; step < 6; step++) {
			DataSet batch = Specs.randomBatch(random, 10, 24, 3, 0.2);
			// the same dropout masks for both
			Nd4j.getRandom().setSeed(200 + step);
			kiln.fit(batch);
			Nd4j.getRandom().setSeed(200 + step);
			dl4j.fit(batch);
			Specs.assertSameUpToRounding(kiln.score(), dl4j.score());
		}
		Specs.assertSameUpToRounding(kiln.params(), dl4j.params());
		// and a score asked for apart from training is computed afresh, as DL4J's is
		DataSet other = Specs.randomBatch(random, 7, 24, 3, 0);
		Specs.assertSameUpToRounding(kiln.score(other, false), dl4j.score(other, false));
		Nd4j.getRandom().setSeed(300);
		double kilnTraining = kiln.score(other, true);
		Nd4j.getRandom().setSeed(300);
		Specs.assertSameUpToRounding(kilnTraining, dl4j.score(other, true));
	}

	@Test
	void scoresAfreshWhenTheInputChangedSinceTheBackwardPass() {
		MultiLayerNetwork kiln = network(SOFTMAX);
		MultiLayerNetwork dl4j = new MultiLayerNetwork(
				Accelerated.withDl4jsDenseAndOutputLayers(kiln.getLayerWiseConfigurations()));
		dl4j.init(kiln.params().dup(), true);
		dl4j.initGradientsView();
		LayerWorkspaceMgr noWorkspaces = LayerWorkspaceMgr.noWorkspaces();
		Random random = new Random(9);
		DataSet stale = Specs.randomBatch(random, 5, 24, 3, 0);
		DataSet current = Specs.randomBatch(random, 5, 24, 3, 0);
		IOutputLayer cached = (IOutputLayer) kiln.getOutputLayer();
		IOutputLayer plain = (IOutputLayer) dl4j.getOutputLayer();
		for (IOutputLayer layer : List.of(cached, plain)) {
			layer.setInput(stale.getFeatures(), noWorkspaces);
			layer.setLabels(stale.getLabels());
			layer.backpropGradient(null, noWorkspaces);
		}
		Specs.assertSameUpToRounding(cached.computeScore(0.5, true, noWorkspaces),
				plain.computeScore(0.5, true, noWorkspaces));
		for (IOutputLayer layer : List.of(cached, plain)) {
			layer.backpropGradient(null, noWorkspaces);
			layer.setInput(current.getFeatures(), noWorkspaces);
			layer.setLabels(current.getLabels());
		}
		Specs.assertSameUpToRounding(cached.computeScore(0.5, true, noWorkspaces),
				plain.computeScore(0.5, true, noWorkspaces));
	}

	@Test
	void theLossesAreDl4jsOwn() {
		assertThat(lossOf(SOFTMAX)).isInstanceOf(LossMCXENT.class);
		assertThat(lossOf(MSE)).isInstanceOf(LossMSE.class);
		assertThat(lossOf(BINARY)).isInstanceOf(LossBinaryXENT.class);
	}

	@Test
	void onlyAnOutputLayerThatIsTheFirstSkipsTheInputGradient() {
		MultiLayerNetwork alone = network(SOFTMAX);
		assertThat(((CachingOutputLayer) alone.getLayerWiseConfigurations().getConf(0).getLayer()).isInputGradient())
			.isFalse();
		assertThat(backprop(alone.getOutputLayer(), 24)).isNull();
		MultiLayerNetwork behind = network(BINARY);
		assertThat(((CachingOutputLayer) behind.getLayerWiseConfigurations().getConf(1).getLayer()).isInputGradient())
			.isTrue();
		assertThat(backprop(behind.getOutputLayer(), 6).shape()).isEqualTo(new long[] { 5, 6 });
	}

	@Test
	void survivesTheConfigurationJsonAndCheckpoints() throws Exception {
		MultiLayerNetwork network = network(SOFTMAX);
		for (boolean viaCheckpoint : new boolean[] { true, false }) {
			MultiLayerNetwork restored = Specs.restored(network, viaCheckpoint);
			MultiLayerConfiguration configuration = restored.getLayerWiseConfigurations();
			assertThat(((CachingOutputLayer) configuration.getConf(0).getLayer()).isInputGradient()).isFalse();
			assertThat(configuration).isEqualTo(network.getLayerWiseConfigurations());
			DataSet batch = Specs.randomBatch(new Random(2), 4, 24, 3, 0);
			assertThat(restored.output(batch.getFeatures())).isEqualTo(network.output(batch.getFeatures()));
		}
	}

	private static Object lossOf(String spec) {
		MultiLayerConfiguration compiled = Accelerated.compile(spec, DATA);
		return ((OutputLayer) compiled.getConf(compiled.getConfs().size() - 1).getLayer()).getLossFn();
	}

	private static MultiLayerNetwork network(String spec) {
		MultiLayerNetwork network = new MultiLayerNetwork(Accelerated.compile(spec, DATA));
		network.init();
		network.initGradientsView();
		return network;
	}

	/** The input gradient of one backward pass through the output layer alone. */
	private static org.nd4j.linalg.api.ndarray.INDArray backprop(Layer layer, int inputs) {
		DataSet batch = Specs.randomBatch(new Random(6), 5, inputs, 3, 0);
		layer.setInput(batch.getFeatures(), LayerWorkspaceMgr.noWorkspaces());
		((IOutputLayer) layer).setLabels(batch.getLabels());
		return layer.backpropGradient(null, LayerWorkspaceMgr.noWorkspaces()).getSecond();
	}

	/** The same configuration with DL4J's dense and output layers. */
	private static MultiLayerConfiguration asDl4jsOwnLayers(MultiLayerConfiguration configuration) {
		MultiLayerConfiguration dl4j = Accelerated.withDl4jsDenseAndOutputLayers(configuration);
		assertThat(dl4j.getConf(dl4j.getConfs().size() - 1).getLayer().getClass()).isEqualTo(OutputLayer.class);
		return dl4j;
	}

}
