package dev.kiln.spec;

import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.activations.impl.ActivationSoftmax;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.BooleanIndexing;
import org.nd4j.linalg.indexing.conditions.Conditions;
import org.nd4j.linalg.lossfunctions.ILossFunction;
import org.nd4j.linalg.lossfunctions.impl.LossMCXENT;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * A softmax output's cross-entropy loss and its gradient in one pass, as DL4J's
 * {@link LossMCXENT} computes them after {@link ActivationSoftmax}, with its ops
 * {@link PreparedOp prepared}.
 * <p>
 * Why: DL4J's loss computes the score and the gradient separately, each from its own copy
 * and softmax of the pre-activation; here one softmax serves both. The arithmetic is
 * DL4J's, in the same order (clipped probabilities for the score, unclipped for the
 * gradient). Not thread-safe: layers keep one per thread ({@link PerThread}).
 */
final class SoftmaxCrossEntropy {

	private final PreparedOp softmax = PreparedOp.softmax();

	private final PreparedOp copy = PreparedOp.assignment();

	private final PreparedOp multiplication = PreparedOp.multiplication();

	private final PreparedOp subtraction = PreparedOp.subtraction();

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
	 * gradient with respect to {@code preOutput}, in new arrays of the current workspace;
	 * {@code clipEpsilon} is the loss's {@code softmaxClipEps}.
	 */
	Step step(INDArray labels, INDArray preOutput, double clipEpsilon) {
		INDArray probabilities = this.softmax.run(preOutput.ulike(), preOutput);
		INDArray logs = this.copy.run(probabilities.ulike(), probabilities, probabilities);
		if (clipEpsilon > 0.0) {
			BooleanIndexing.replaceWhere(logs, clipEpsilon, Conditions.lessThan(clipEpsilon));
			BooleanIndexing.replaceWhere(logs, 1.0 - clipEpsilon, Conditions.greaterThan(1.0 - clipEpsilon));
		}
		Transforms.log(logs, false);
		double loss = -this.multiplication.run(logs, logs, labels).sumNumber().doubleValue();
		return new Step(loss, this.subtraction.run(probabilities, probabilities, labels));
	}

}
