package dev.kiln.engine;

import java.util.Arrays;

import org.deeplearning4j.nn.conf.InputPreProcessor;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.layers.FeedForwardLayer;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.preprocessor.FeedForwardToCnnPreProcessor;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.preprocessors.ReshapePreprocessor;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Class probabilities for flat feature rows from a loaded network. Safe to call from
 * several threads: a network's forward pass is not, so calls take turns on it.
 */
public final class Predictor implements AutoCloseable {

	private final MultiLayerNetwork network;

	private final int featureLength;

	private final int classes;

	public Predictor(MultiLayerNetwork network) {
		this.network = network;
		this.featureLength = featureLength(network);
		this.classes = network.layerSize(network.getnLayers() - 1);
	}

	/** The number of features the network takes per row. */
	public int featureLength() {
		return this.featureLength;
	}

	/**
	 * One row of class probabilities per input row (the output layer's activations,
	 * softmax for classifiers).
	 * @throws IllegalArgumentException if a row does not hold {@link #featureLength()}
	 * values
	 */
	public float[][] probabilities(float[][] rows) {
		if (rows.length == 0) {
			return new float[0][];
		}
		for (int r = 0; r < rows.length; r++) {
			if (rows[r] == null || rows[r].length != this.featureLength) {
				throw new IllegalArgumentException("row " + r + " has " + ((rows[r] != null) ? rows[r].length : 0)
						+ " values, the model takes " + this.featureLength);
			}
		}
		float[][] result = new float[rows.length][];
		int step = Batching.rowsPerBatch(this.featureLength);
		for (int from = 0; from < rows.length; from += step) {
			int count = Math.min(step, rows.length - from);
			float[] slice = new float[count * this.featureLength];
			for (int r = 0; r < count; r++) {
				System.arraycopy(rows[from + r], 0, slice, r * this.featureLength, this.featureLength);
			}
			INDArray input = Nd4j.create(slice, new long[] { count, this.featureLength }, 'c');
			float[] out;
			synchronized (this.network) {
				// one flat copy: toFloatMatrix() makes a view per row
				out = this.network.output(input, false)
					.castTo(DataType.FLOAT)
					.reshape('c', new long[] { (long) count * this.classes })
					.toFloatVector();
			}
			for (int r = 0; r < count; r++) {
				result[from + r] = Arrays.copyOfRange(out, r * this.classes, (r + 1) * this.classes);
			}
		}
		return result;
	}

	/**
	 * The bytes the network's parameters take: what a loaded model holds for as long as
	 * it is loaded (off-heap, in ND4J's memory). Updater state is not counted: models
	 * loaded for predictions have none
	 * ({@link ModelFiles#loadWeights(java.nio.file.Path, Accelerations)}); activations
	 * are transient, per forward pass.
	 */
	public long parameterBytes() {
		INDArray params = this.network.params();
		return params.length() * params.dataType().width();
	}

	/**
	 * Frees the network's native memory at once rather than when the garbage collector
	 * gets to it. Call only when no other thread uses this predictor.
	 */
	@Override
	public void close() {
		synchronized (this.network) {
			this.network.close();
		}
	}

	/** Classes the network scores. */
	public int classes() {
		return this.classes;
	}

	/**
	 * The flat row length a network takes: {@code channels * height * width} behind a
	 * flat convolutional input, {@code timesteps * features} behind the reshape of flat
	 * rows into sequences, else the first layer's input size.
	 */
	static int featureLength(MultiLayerNetwork network) {
		MultiLayerConfiguration configuration = network.getLayerWiseConfigurations();
		InputPreProcessor first = configuration.getInputPreProcess(0);
		if (first instanceof FeedForwardToCnnPreProcessor cnn) {
			return Math.toIntExact(cnn.getInputHeight() * cnn.getInputWidth() * cnn.getNumChannels());
		}
		if (first instanceof ReshapePreprocessor reshape && reshape.getInputShape().length == 1
				&& !reshape.isHasMiniBatchDimension()) {
			return Math.toIntExact(reshape.getInputShape()[0]);
		}
		Layer layer = configuration.getConf(0).getLayer();
		if (first == null && layer instanceof FeedForwardLayer feedForward) {
			return Math.toIntExact(feedForward.getNIn());
		}
		throw new IllegalArgumentException("the network does not take flat rows (first layer "
				+ layer.getClass().getSimpleName() + ((first != null) ? ", preprocessor " + first : "") + ")");
	}

}
