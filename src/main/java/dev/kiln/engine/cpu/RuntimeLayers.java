package dev.kiln.engine.cpu;

import java.util.Arrays;
import java.util.Collection;

import org.deeplearning4j.exception.DL4JInvalidInputException;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.layers.BaseLayer;
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
	 * {@code input} if a dense layer with these weights can take it (a matrix with one
	 * column per input); otherwise DL4J's exception for it, as its {@code BaseLayer}
	 * says.
	 */
	static INDArray denseInput(INDArray input, INDArray weights, Layer layer) {
		if (input.rank() != 2) {
			throw new DL4JInvalidInputException("Input that is not a matrix; expected matrix (rank 2), got rank "
					+ input.rank() + " array with shape " + Arrays.toString(input.shape())
					+ ". Missing preprocessor or wrong input type? (layer " + layer.getIndex() + ")");
		}
		if (input.columns() != weights.rows()) {
			throw new DL4JInvalidInputException(
					"Input size (" + input.columns() + " columns; shape = " + Arrays.toString(input.shape())
							+ ") is invalid: does not match layer input size (layer # inputs = " + weights.size(0)
							+ ") (layer " + layer.getIndex() + ")");
		}
		return input;
	}

}
