package dev.kiln.engine.cpu;

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
 * which nothing reads (see {@link InputConvolution}). Exists only in memory: model files
 * name DL4J's {@link ConvolutionLayer} ({@link Portable}).
 */
public class InputConvolutionLayer extends ConvolutionLayer {

	private static final long serialVersionUID = 1L;

	/** For DL4J's configuration JSON. */
	public InputConvolutionLayer() {
	}

	@Override
	public Layer instantiate(NeuralNetConfiguration conf, Collection<TrainingListener> trainingListeners,
			int layerIndex, INDArray layerParamsView, boolean initializeParams, DataType networkDataType) {
		LayerValidation.assertNInNOutSet("InputConvolutionLayer", getLayerName(), layerIndex, getNIn(), getNOut());
		return RuntimeLayers.wire(new InputConvolution(conf, networkDataType), conf, trainingListeners, layerIndex,
				layerParamsView, initializeParams);
	}

}
