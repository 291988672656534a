package dev.kiln.engine.cpu;

import dev.kiln.spec.DataShape;
import dev.kiln.spec.Specs;

import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;

/** Specs compiled and accelerated as the engine runs them on the CPU. */
final class Accelerated {

	private Accelerated() {
	}

	static MultiLayerConfiguration compile(String json, DataShape data) {
		return CpuAccelerations.accelerate(Specs.compile(json, data).configuration());
	}

	/**
	 * The same configuration with DL4J's own dense and output layers in place of Kiln's
	 * {@link CachingDenseLayer} and {@link CachingOutputLayer}.
	 */
	static MultiLayerConfiguration withDl4jsDenseAndOutputLayers(MultiLayerConfiguration configuration) {
		return MultiLayerConfiguration.fromJson(configuration.toJson()
			.replace(CachingDenseLayer.class.getName(), DenseLayer.class.getName())
			.replace(CachingOutputLayer.class.getName(), OutputLayer.class.getName()));
	}

}
