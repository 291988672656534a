package dev.kiln.engine.cpu;

import dev.kiln.spec.DataShape;
import dev.kiln.spec.Specs;
import java.util.List;
import java.util.Random;

import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.impl.ActivationReLU;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.springframework.test.util.ReflectionTestUtils;

import static org.assertj.core.api.Assertions.assertThat;

class ReluActivationTest {

	@Test
	void backpropagatesWhatDl4jsReluDoes() {
		for (long[] shape : List.of(new long[] { 7, 3, 5, 4 }, new long[] { 20, 9 }, new long[] { 1, 1 })) {
			INDArray in = Nd4j.randn(DataType.FLOAT, shape);
			// exact zeros too: the derivative there is 0 in both
			in.reshape(in.length()).get(org.nd4j.linalg.indexing.NDArrayIndex.interval(0, in.length() / 3)).assign(0);
			INDArray epsilon = Nd4j.randn(DataType.FLOAT, shape);
			INDArray expected = new ActivationReLU().backprop(in.dup(), epsilon.dup()).getFirst();
			INDArray actual = new ReluActivation().backprop(in.dup(), epsilon.dup()).getFirst();
			assertThat(actual.shape()).isEqualTo(expected.shape());
			assertThat(actual.sub(expected).amaxNumber().doubleValue()).isZero();
			assertThat(actual.eq(0).castTo(DataType.INT).sumNumber().longValue())
				.isEqualTo(in.lte(0).castTo(DataType.INT).sumNumber().longValue());
		}
	}

	@Test
	void onlyKilnsUncappedReluIsPlain() {
		assertThat(ReluActivation.isPlain(new ReluActivation())).isTrue();
		assertThat(ReluActivation.isPlain(new ActivationReLU())).isFalse();
		ReluActivation capped = new ReluActivation();
		ReflectionTestUtils.setField(capped, "max", 6.0);
		assertThat(ReluActivation.isPlain(capped)).isFalse();
	}

	@Test
	void forwardsWhatDl4jsReluDoes() {
		INDArray in = Nd4j.randn(DataType.FLOAT, 6, 8);
		assertThat(new ReluActivation().getActivation(in.dup(), true))
			.isEqualTo(new ActivationReLU().getActivation(in.dup(), true));
	}

	@Test
	void reluLayersTrainAsWithDl4jsReluAndSurviveTheJson() {
		MultiLayerConfiguration compiled = Accelerated.compile("""
				{"model": {"input": [8, 8, 1], "layers": [
				  {"type": "conv2d", "filters": 4, "kernel": 3, "stride": 2, "activation": "relu"},
				  {"type": "dense", "units": 12, "activation": "relu"},
				  {"type": "dense", "units": 5, "activation": "tanh"}, {"type": "output", "units": 3}]},
				 "training": {"seed": 5}}
				""", new DataShape(List.of(8, 8, 1), 3, 40));
		assertThat(((BaseLayer) compiled.getConf(0).getLayer()).getActivationFn()).isInstanceOf(ReluActivation.class);
		assertThat(((BaseLayer) compiled.getConf(1).getLayer()).getActivationFn()).isInstanceOf(ReluActivation.class);
		assertThat(((BaseLayer) compiled.getConf(2).getLayer()).getActivationFn())
			.isNotInstanceOf(ActivationReLU.class);
		MultiLayerConfiguration restored = MultiLayerConfiguration.fromJson(compiled.toJson());
		assertThat(((BaseLayer) restored.getConf(1).getLayer()).getActivationFn()).isInstanceOf(ReluActivation.class);

		MultiLayerNetwork kiln = new MultiLayerNetwork(restored);
		kiln.init();
		MultiLayerNetwork dl4j = new MultiLayerNetwork(MultiLayerConfiguration
			.fromJson(compiled.toJson().replace(ReluActivation.class.getName(), ActivationReLU.class.getName())));
		dl4j.init(kiln.params().dup(), true);
		assertThat(((BaseLayer) dl4j.getLayerWiseConfigurations().getConf(1).getLayer()).getActivationFn().getClass())
			.isEqualTo(ActivationReLU.class);
		Random random = new Random(4);
		for (int step = 0; step < 5; step++) {
			DataSet batch = Specs.randomBatch(random, 16, 64, 3, 1.0 / 3);
			kiln.fit(batch);
			dl4j.fit(batch);
		}
		assertThat(kiln.params().sub(dl4j.params()).amaxNumber().doubleValue()).isZero();
	}

}
