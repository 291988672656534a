package dev.kiln.spec;

import java.util.Collection;

import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.layers.BaseLayer;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Wires Kiln's runtime layers to their configuration and parameters, as DL4J's own layer
 * configurations do in {@code instantiate}.
 */
final class RuntimeLayers {

	private RuntimeLayers() {
	}

	static <L extends BaseLayer<?>> L wire(L layer, NeuralNetConfiguration conf,
			Collection<TrainingListener> trainingListeners, int layerIndex, INDArray layerParamsView,
			boolean initializeParams) {
		layer.setListeners(trainingListeners);
		layer.setIndex(layerIndex);
		layer.setParamsViewArray(layerParamsView);
		layer.setParamTable(conf.getLayer().initializer().init(conf, layerParamsView, initializeParams));
		layer.setConf(conf);
		return layer;
	}

	/**
	 * The gradient with respect to a dense layer's input, {@code delta x weights^T}, as
	 * DL4J's layers compute it (before their input dropout's backward pass).
	 */
	static INDArray inputGradient(INDArray weights, INDArray delta, LayerWorkspaceMgr workspaceMgr) {
		INDArray product = workspaceMgr.createUninitialized(ArrayType.ACTIVATION_GRAD, delta.dataType(),
				new long[] { weights.size(0), delta.size(0) }, 'f');
		return weights.mmuli(delta.transpose(), product).transpose();
	}

}
