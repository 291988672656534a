package dev.kiln.engine.cpu;

import java.util.Collection;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.LayerValidation;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * An output layer that trains like DL4J's {@link OutputLayer} with less work per step
 * (see {@link CachingOutput}): the step's score comes from the backward pass's
 * pre-activation instead of a second forward pass, and as the network's only layer
 * ({@code inputGradient} false) it does not compute the gradient with respect to its
 * input, which nothing reads. Exists only in memory: model files name DL4J's
 * {@link OutputLayer} ({@link Portable}).
 */
public class CachingOutputLayer extends OutputLayer implements SkipsInputGradient {

	private static final long serialVersionUID = 1L;

	private boolean inputGradient = true;

	/** For DL4J's configuration JSON. */
	public CachingOutputLayer() {
	}

	@Override
	public boolean isInputGradient() {
		return this.inputGradient;
	}

	@Override
	public void setInputGradient(boolean inputGradient) {
		this.inputGradient = inputGradient;
	}

	@Override
	public Layer instantiate(NeuralNetConfiguration conf, Collection<TrainingListener> trainingListeners,
			int layerIndex, INDArray layerParamsView, boolean initializeParams, DataType networkDataType) {
		LayerValidation.assertNInNOutSet("CachingOutputLayer", getLayerName(), layerIndex, getNIn(), getNOut());
		return RuntimeLayers.wire(new CachingOutput(conf, networkDataType), conf, trainingListeners, layerIndex,
				layerParamsView, initializeParams);
	}

	@Override
	public boolean equals(Object other) {
		return super.equals(other) && other instanceof CachingOutputLayer that
				&& this.inputGradient == that.inputGradient;
	}

	@Override
	public int hashCode() {
		return 31 * super.hashCode() + Boolean.hashCode(this.inputGradient);
	}

}
