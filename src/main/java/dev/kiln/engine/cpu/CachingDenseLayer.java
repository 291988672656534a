package dev.kiln.engine.cpu;

import java.util.Collection;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.LayerValidation;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A dense layer that trains like DL4J's {@link DenseLayer} with less work per step (see
 * {@link CachingDense}): its backward pass reuses the pre-activation of the forward pass
 * instead of computing it again, and as the network's first layer ({@code inputGradient}
 * false) it does not compute the gradient with respect to its input, which nothing reads.
 * Exists only in memory: model files name DL4J's {@link DenseLayer} ({@link Portable}).
 */
public class CachingDenseLayer extends DenseLayer implements SkipsInputGradient {

	private static final long serialVersionUID = 1L;

	private boolean inputGradient = true;

	/** For DL4J's configuration JSON. */
	public CachingDenseLayer() {
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
		LayerValidation.assertNInNOutSet("CachingDenseLayer", getLayerName(), layerIndex, getNIn(), getNOut());
		return RuntimeLayers.wire(new CachingDense(conf, networkDataType), conf, trainingListeners, layerIndex,
				layerParamsView, initializeParams);
	}

	@Override
	public boolean equals(Object other) {
		return super.equals(other) && other instanceof CachingDenseLayer that
				&& this.inputGradient == that.inputGradient;
	}

	@Override
	public int hashCode() {
		return 31 * super.hashCode() + Boolean.hashCode(this.inputGradient);
	}

}
