package dev.kiln.bench;

import dev.kiln.spec.CachingDenseLayer;
import dev.kiln.spec.CachingOutputLayer;
import dev.kiln.spec.FlatToImagePreProcessor;
import dev.kiln.spec.HeapMaskDropout;
import dev.kiln.spec.InputConvolutionLayer;
import dev.kiln.spec.ReluActivation;

import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.dropout.Dropout;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.preprocessor.FeedForwardToCnnPreProcessor;
import org.nd4j.linalg.activations.impl.ActivationReLU;

/**
 * A compiled configuration as one would write it with DL4J's own classes: Kiln's
 * first-layer convolution ({@link InputConvolutionLayer}) becomes DL4J's
 * {@link ConvolutionLayer} again, Kiln's {@link CachingDenseLayer} and
 * {@link CachingOutputLayer} DL4J's {@link DenseLayer} and {@link OutputLayer}, Kiln's
 * {@link ReluActivation} DL4J's {@link ActivationReLU} and Kiln's {@link HeapMaskDropout}
 * DL4J's {@link Dropout}, with the same parameters and settings.
 */
public final class Dl4jLayers {

	private Dl4jLayers() {
	}

	/** Whether the configuration uses a Kiln layer that DL4J's own would replace. */
	public static boolean differ(MultiLayerConfiguration configuration) {
		return !of(configuration).toJson().equals(configuration.toJson());
	}

	public static MultiLayerConfiguration of(MultiLayerConfiguration configuration) {
		return MultiLayerConfiguration.fromJson(configuration.toJson()
			.replace(InputConvolutionLayer.class.getName(), ConvolutionLayer.class.getName())
			.replace(CachingDenseLayer.class.getName(), DenseLayer.class.getName())
			.replace(CachingOutputLayer.class.getName(), OutputLayer.class.getName())
			.replace(FlatToImagePreProcessor.class.getName(), FeedForwardToCnnPreProcessor.class.getName())
			.replace(ReluActivation.class.getName(), ActivationReLU.class.getName())
			.replace(HeapMaskDropout.class.getName(), Dropout.class.getName()));
	}

}
