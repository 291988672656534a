package dev.kiln.engine.cpu;

import dev.kiln.spec.DataShape;
import dev.kiln.spec.Specs;
import java.util.List;
import java.util.Random;

import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.preprocessor.FeedForwardToCnnPreProcessor;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class InputConvolutionTest {

	private static final String SAME_STRIDE_1 = """
			{"model": {"input": [9, 8, %d], "layers": [
			  {"type": "conv2d", "filters": 4, "kernel": 3, "padding": "same", "activation": "relu"},
			  {"type": "conv2d", "filters": 6, "kernel": 3, "stride": 2, "padding": "same"},
			  {"type": "dense", "units": 12}, {"type": "output", "units": 3}]},
			 "training": {"seed": 5}}
			""";

	/** Even kernels pad "same" unevenly: one row and column more after than before. */
	private static final String SAME_EVEN_KERNEL = """
			{"model": {"input": [9, 8, %d], "layers": [
			  {"type": "conv2d", "filters": 3, "kernel": [6, 4], "padding": "same", "activation": "relu"},
			  {"type": "dense", "units": 7}, {"type": "output", "units": 3}]},
			 "training": {"seed": 11}}
			""";

	private static final String VALID_STRIDE_2 = """
			{"model": {"input": [9, 8, %d], "layers": [
			  {"type": "conv2d", "filters": 5, "kernel": [3, 2], "stride": [2, 1], "activation": "tanh"},
			  {"type": "maxpool2d"},
			  {"type": "dense", "units": 7}, {"type": "output", "units": 3}]},
			 "training": {"seed": 9}}
			""";

	@ParameterizedTest
	@ValueSource(ints = { 1, 3 })
	void firstConvolutionTrainsAsDl4jsOwnLayerDoes(int channels) {
		for (String spec : List.of(SAME_STRIDE_1, SAME_EVEN_KERNEL, VALID_STRIDE_2)) {
			MultiLayerConfiguration compiled = compile(spec, channels);
			assertThat(compiled.getConf(0).getLayer()).isInstanceOf(InputConvolutionLayer.class);
			assertThat(compiled.getConf(1).getLayer()).isNotInstanceOf(InputConvolutionLayer.class);
			assertThat(compiled.getInputPreProcess(0)).isInstanceOf(FlatToImagePreProcessor.class);

			MultiLayerNetwork kiln = new MultiLayerNetwork(compiled.clone());
			kiln.init();
			MultiLayerNetwork dl4j = new MultiLayerNetwork(asDl4jsOwnLayers(compiled));
			dl4j.init(kiln.params().dup(), true);
			assertThat(dl4j.getLayer(0).getClass()).isNotEqualTo(kiln.getLayer(0).getClass());

			Random random = new Random(channels);
			for (int step = 0; step < 3; step++) {
				DataSet batch = Specs.randomBatch(random, 20, 9 * 8 * channels, 3, 0);
				kiln.setInput(batch.getFeatures());
				kiln.setLabels(batch.getLabels());
				kiln.computeGradientAndScore();
				dl4j.setInput(batch.getFeatures());
				dl4j.setLabels(batch.getLabels());
				dl4j.computeGradientAndScore();
				assertThat(kiln.score()).isCloseTo(dl4j.score(), within(1e-6));
				assertClose(kiln.gradient(), dl4j.gradient());
				kiln.fit(batch);
				dl4j.fit(batch);
			}
			assertThat(maxDifference(kiln.params(), dl4j.params())).isLessThan(1e-4);

			// the input gradient: skipped where the layer handles it (stride 1), as DL4J
			// computes it otherwise
			org.deeplearning4j.nn.api.Layer first = kiln.getLayer(0);
			first.setInput(
					Specs.randomBatch(random, 5, 9 * 8 * channels, 3, 0).getFeatures().reshape('c', 5, channels, 9, 8),
					LayerWorkspaceMgr.noWorkspaces());
			INDArray firstOutput = first.activate(true, LayerWorkspaceMgr.noWorkspaces());
			INDArray inputGradient = first
				.backpropGradient(Nd4j.ones(firstOutput.dataType(), firstOutput.shape()),
						LayerWorkspaceMgr.noWorkspaces())
				.getSecond();
			if (!spec.equals(VALID_STRIDE_2)) {
				assertThat(inputGradient).isNull();
			}
			else {
				assertThat(inputGradient).isNotNull();
			}
		}
	}

	@ParameterizedTest
	@ValueSource(booleans = { true, false })
	void survivesTheConfigurationJsonAndCheckpoints(boolean viaCheckpoint) throws Exception {
		MultiLayerNetwork network = new MultiLayerNetwork(compile(SAME_STRIDE_1, 1));
		network.init();
		MultiLayerNetwork restored = Specs.restored(network, viaCheckpoint);
		assertThat(restored.getLayerWiseConfigurations().getConf(0).getLayer())
			.isInstanceOf(InputConvolutionLayer.class);
		assertThat(restored.getLayerWiseConfigurations().getInputPreProcess(0))
			.isInstanceOf(FlatToImagePreProcessor.class);
		assertThat(restored.getLayerWiseConfigurations()).isEqualTo(network.getLayerWiseConfigurations());
		DataSet batch = Specs.randomBatch(new Random(1), 4, 72, 3, 0);
		assertThat(restored.output(batch.getFeatures())).isEqualTo(network.output(batch.getFeatures()));
	}

	/** The same configuration with DL4J's convolution layer and preprocessor in front. */
	private static MultiLayerConfiguration asDl4jsOwnLayers(MultiLayerConfiguration configuration) {
		String json = configuration.toJson()
			.replace(InputConvolutionLayer.class.getName(), ConvolutionLayer.class.getName())
			.replace(FlatToImagePreProcessor.class.getName(), FeedForwardToCnnPreProcessor.class.getName());
		MultiLayerConfiguration dl4j = MultiLayerConfiguration.fromJson(json);
		assertThat(dl4j.getConf(0).getLayer().getClass()).isEqualTo(ConvolutionLayer.class);
		assertThat(dl4j.getInputPreProcess(0).getClass()).isEqualTo(FeedForwardToCnnPreProcessor.class);
		return dl4j;
	}

	private static void assertClose(Gradient actual, Gradient expected) {
		assertThat(actual.gradientForVariable().keySet()).isEqualTo(expected.gradientForVariable().keySet());
		for (String variable : expected.gradientForVariable().keySet()) {
			INDArray a = actual.getGradientFor(variable);
			INDArray e = expected.getGradientFor(variable);
			assertThat(a.shape()).as(variable).isEqualTo(e.shape());
			double scale = Math.max(1e-3, e.amaxNumber().doubleValue());
			assertThat(maxDifference(a, e) / scale).as(variable).isLessThan(1e-4);
		}
	}

	private static double maxDifference(INDArray a, INDArray b) {
		return a.sub(b).amaxNumber().doubleValue();
	}

	private static MultiLayerConfiguration compile(String spec, int channels) {
		return Accelerated.compile(spec.formatted(channels), new DataShape(List.of(9, 8, channels), 3, 40));
	}

}
