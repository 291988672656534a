package dev.kiln.spec;

import java.util.Collection;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.LayerValidation;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A convolution that is the network's first layer: it trains like
 * {@link ConvolutionLayer} but does not compute the gradient with respect to its input,
 * which nothing reads (see {@link InputConvolution}). Serialises with DL4J's
 * configuration JSON (its class name is stored in models: do not rename or move).
 */
public class InputConvolutionLayer extends ConvolutionLayer {

	private static final long serialVersionUID = 1L;

	/** For DL4J's configuration JSON. */
	public InputConvolutionLayer() {
	}

	private InputConvolutionLayer(Builder builder) {
		super(builder);
	}

	@Override
	public Layer instantiate(NeuralNetConfiguration conf, Collection<TrainingListener> trainingListeners,
			int layerIndex, INDArray layerParamsView, boolean initializeParams, DataType networkDataType) {
		LayerValidation.assertNInNOutSet("InputConvolutionLayer", getLayerName(), layerIndex, getNIn(), getNOut());
		return RuntimeLayers.wire(new InputConvolution(conf, networkDataType), conf, trainingListeners, layerIndex,
				layerParamsView, initializeParams);
	}

	/** Builds an {@link InputConvolutionLayer}; otherwise as DL4J's builder. */
	public static final class Builder extends ConvolutionLayer.Builder {

		public Builder(int... kernelSize) {
			super(kernelSize);
		}

		@Override
		public InputConvolutionLayer build() {
			super.build(); // DL4J's checks of kernel, stride and padding
			return new InputConvolutionLayer(this);
		}

	}

}
