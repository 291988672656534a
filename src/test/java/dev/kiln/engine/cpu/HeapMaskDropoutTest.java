package dev.kiln.engine.cpu;

import dev.kiln.spec.DataShape;
import dev.kiln.spec.Specs;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Random;
import java.util.SplittableRandom;

import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.dropout.Dropout;
import org.deeplearning4j.nn.conf.dropout.IDropout;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.deeplearning4j.nn.conf.layers.DropoutLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

import dev.kiln.engine.EngineSettings;
import dev.kiln.engine.NativeRuntime;

class HeapMaskDropoutTest {

	private static final String SPEC = """
			{"model": {"input": [24], "layers": [
			  {"type": "dense", "units": 16, "activation": "relu", "dropout": 0.25},
			  {"type": "dropout", "rate": 0.5},
			  {"type": "output", "units": 3}]},
			 "training": {"seed": 7}}
			""";

	@BeforeAll
	static void runtime() {
		NativeRuntime.configure(EngineSettings.defaults());
	}

	@Test
	void keepsEachValueWithItsProbabilityScaledByItsInverse() {
		HeapMaskDropout dropout = new HeapMaskDropout(0.75);
		INDArray mask = Nd4j.create(DataType.FLOAT, 300, 401);
		dropout.draw(mask, 0.75, new SplittableRandom(1));
		float[] values = mask.data().asFloat();
		long kept = 0;
		for (float value : values) {
			assertThat(value).isIn(0f, (float) (1 / 0.75));
			kept += (value != 0f) ? 1 : 0;
		}
		// 120,300 draws: the share kept is within a few standard deviations (0.0013) of
		// 0.75
		assertThat((double) kept / values.length).isCloseTo(0.75, within(0.006));
		// an odd count: the last value is drawn too
		assertThat(mask.getFloat(299, 400)).isIn(0f, (float) (1 / 0.75));
	}

	@Test
	void dropsInTrainingAndPassesTheGradientThroughTheSameMask() {
		HeapMaskDropout dropout = new HeapMaskDropout(0.5);
		INDArray input = Nd4j.rand(DataType.FLOAT, 40, 30).addi(1);
		INDArray output = input.ulike();
		Nd4j.getRandom().setSeed(3);
		dropout.applyDropout(input, output, 0, 0, LayerWorkspaceMgr.noWorkspaces());
		INDArray gradient = Nd4j.rand(DataType.FLOAT, 40, 30).addi(1);
		INDArray back = dropout.backprop(gradient, gradient.ulike(), 0, 0);
		long dropped = 0;
		for (int r = 0; r < 40; r++) {
			for (int c = 0; c < 30; c++) {
				boolean kept = output.getFloat(r, c) != 0f;
				dropped += kept ? 0 : 1;
				assertThat(output.getFloat(r, c)).isEqualTo(kept ? input.getFloat(r, c) * 2f : 0f);
				assertThat(back.getFloat(r, c)).isEqualTo(kept ? gradient.getFloat(r, c) * 2f : 0f);
			}
		}
		assertThat(dropped).isBetween(400L, 800L);
	}

	@Test
	void layersDropWithItAndTrainReproduciblyFromTheSeed() throws Exception {
		MultiLayerConfiguration compiled = Accelerated.compile(SPEC, new DataShape(List.of(24), 3, 60));
		IDropout dense = ((BaseLayer) compiled.getConf(0).getLayer()).getIDropout();
		assertThat(dense).isInstanceOf(HeapMaskDropout.class);
		assertThat(((HeapMaskDropout) dense).getP()).isEqualTo(0.75);
		assertThat(((DropoutLayer) compiled.getConf(1).getLayer()).getIDropout()).isInstanceOf(HeapMaskDropout.class);
		assertThat(dense.clone()).isInstanceOf(HeapMaskDropout.class).isEqualTo(dense);
		MultiLayerConfiguration restored = MultiLayerConfiguration.fromJson(compiled.toJson());
		assertThat(((BaseLayer) restored.getConf(0).getLayer()).getIDropout()).isEqualTo(dense);

		INDArray first = trained(compiled);
		assertThat(trained(restored)).isEqualTo(first);
		// DL4J's dropout draws other masks from the same generator
		assertThat(first).isNotEqualTo(trained(MultiLayerConfiguration
			.fromJson(compiled.toJson().replace(HeapMaskDropout.class.getName(), Dropout.class.getName()))));
	}

	private static INDArray trained(MultiLayerConfiguration configuration) {
		MultiLayerNetwork network = new MultiLayerNetwork(configuration.clone());
		network.init();
		// the masks come from ND4J's generator, as DL4J's do
		Nd4j.getRandom().setSeed(11);
		Random random = new Random(4);
		for (int step = 0; step < 5; step++) {
			DataSet batch = Specs.randomBatch(random, 10, 24, 3, 0.2);
			network.fit(batch);
		}
		return network.params().dup();
	}

}
