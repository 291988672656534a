package dev.kiln.spec;

import java.util.Collection;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.LayerValidation;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.shade.jackson.databind.ObjectMapper;
import org.nd4j.shade.jackson.databind.node.ObjectNode;

/**
 * A dense layer that trains like DL4J's {@link DenseLayer} with less work per step (see
 * {@link CachingDense}): its backward pass reuses the pre-activation of the forward pass
 * instead of computing it again, and as the network's first layer ({@code inputGradient}
 * false) it does not compute the gradient with respect to its input, which nothing reads.
 * Serialises with DL4J's configuration JSON (its class name is stored in models: do not
 * rename or move).
 */
public class CachingDenseLayer extends DenseLayer implements SkipsInputGradient {

	private static final long serialVersionUID = 1L;

	private boolean inputGradient = true;

	/** For DL4J's configuration JSON. */
	public CachingDenseLayer() {
	}

	/**
	 * The same layer as DL4J's {@code layer}, every setting copied through DL4J's own
	 * configuration JSON (DL4J's builder cannot be extended: its constructor is private).
	 */
	static CachingDenseLayer of(DenseLayer layer) {
		ObjectMapper mapper = NeuralNetConfiguration.mapper();
		ObjectNode tree = mapper.valueToTree(layer);
		tree.put("@class", CachingDenseLayer.class.getName());
		try {
			return (CachingDenseLayer) mapper.treeToValue(tree, org.deeplearning4j.nn.conf.layers.Layer.class);
		}
		catch (Exception ex) {
			throw new IllegalStateException("cannot copy a dense layer's configuration: " + ex.getMessage(), ex);
		}
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
