package dev.kiln.engine.cpu;

import org.bytedeco.javacpp.FloatPointer;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.activations.impl.ActivationSoftmax;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.lossfunctions.ILossFunction;
import org.nd4j.linalg.lossfunctions.impl.LossMCXENT;

/**
 * A softmax output's cross-entropy loss and its gradient in one pass over the rows, in
 * Java: what DL4J's {@link LossMCXENT} computes after {@link ActivationSoftmax}, up to
 * float rounding (the exponentials and sums are taken in double).
 * <p>
 * Why: an output layer's scores are small (a minibatch of 100 rows by 10 classes), and
 * DL4J's loss runs about ten of libnd4j's ops on them (two softmaxes, copies, clipping, a
 * logarithm, products, a sum), each costing several microseconds of dispatch for a few
 * nanoseconds of arithmetic: a quarter of a softmax regression's training step. Here the
 * scores are copied to the heap and back once.
 * <p>
 * As DL4J's loss does, the score takes the logarithm of the probabilities clipped to
 * {@code [eps, 1 - eps]} and the gradient the unclipped probabilities; a NaN in the
 * scores makes the loss NaN. Not thread-safe: layers keep one per thread
 * ({@link PerThread}).
 */
final class SoftmaxCrossEntropy {

	private float[] scores = new float[0];

	private float[] labels = new float[0];

	private double[] exponentials = new double[0];

	/** The loss of a minibatch, summed over its rows, and its gradient. */
	record Step(double loss, INDArray gradient) {
	}

	/**
	 * Whether this class computes what {@code loss} after {@code activation} does: DL4J's
	 * cross-entropy without class weights after its softmax, no mask.
	 */
	static boolean covers(ILossFunction loss, IActivation activation, INDArray mask) {
		return mask == null && loss.getClass() == LossMCXENT.class && ((LossMCXENT) loss).getWeights() == null
				&& activation.getClass() == ActivationSoftmax.class;
	}

	/**
	 * The summed loss of {@code labels} against {@code softmax(preOutput)}, and its
	 * gradient with respect to {@code preOutput} in a new array of the current workspace,
	 * as {@code loss} (one this class {@link #covers}) computes them. Arrays other than
	 * row-major float matrices are left to {@code loss} itself.
	 */
	Step step(LossMCXENT loss, INDArray labels, INDArray preOutput) {
		if (!rowMajorFloats(preOutput) || !rowMajorFloats(labels) || !labels.equalShapes(preOutput)) {
			ActivationSoftmax softmax = new ActivationSoftmax();
			return new Step(loss.computeScore(labels, preOutput, softmax, null, false),
					loss.computeGradient(labels, preOutput, softmax, null));
		}
		double clipEpsilon = loss.getSoftmaxClipEps();
		int rows = (int) preOutput.rows();
		int classes = (int) preOutput.columns();
		int length = rows * classes;
		if (this.scores.length < length) {
			this.scores = new float[length];
			this.labels = new float[length];
		}
		if (this.exponentials.length < classes) {
			this.exponentials = new double[classes];
		}
		float[] z = this.scores;
		float[] y = this.labels;
		read(preOutput, z, length);
		read(labels, y, length);
		double low = clipEpsilon;
		double high = 1.0 - clipEpsilon;
		double[] exponentials = this.exponentials;
		double total = 0;
		for (int row = 0; row < rows; row++) {
			int from = row * classes;
			int to = from + classes;
			float max = z[from];
			for (int i = from + 1; i < to; i++) {
				max = Math.max(max, z[i]);
			}
			double sum = 0;
			for (int i = from; i < to; i++) {
				exponentials[i - from] = Math.exp(z[i] - max);
				sum += exponentials[i - from];
			}
			for (int i = from; i < to; i++) {
				float probability = (float) (exponentials[i - from] / sum);
				double clipped = (clipEpsilon > 0.0) ? Math.min(Math.max(probability, low), high) : probability;
				// a label of 0 adds 0 (a NaN probability still makes the loss NaN, as in
				// DL4J)
				total -= (y[i] != 0f || Double.isNaN(clipped)) ? y[i] * Math.log(clipped) : 0.0;
				// the gradient overwrites the scores, already read
				z[i] = probability - y[i];
			}
		}
		INDArray gradient = preOutput.ulike();
		new FloatPointer(gradient.data().addressPointer()).put(z, 0, length);
		return new Step(total, gradient);
	}

	private static boolean rowMajorFloats(INDArray array) {
		return array.dataType() == DataType.FLOAT && array.rank() == 2 && array.ordering() == 'c'
				&& array.elementWiseStride() == 1 && array.length() > 0 && array.length() <= Integer.MAX_VALUE;
	}

	private static void read(INDArray array, float[] into, int length) {
		new FloatPointer(array.data().addressPointer()).get(into, 0, length);
	}

}
