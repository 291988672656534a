package dev.kiln.engine.cpu;

import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.activations.impl.ActivationReLU;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.scalar.Step;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Plain ReLU ({@code max(0, x)}), as DL4J's {@link ActivationReLU} computes it forwards;
 * backwards it takes the gradient as two of ND4J's plain loops (the step function of the
 * pre-activation, times the incoming gradient) instead of ND4J's {@code relu_bp} op,
 * which gives the same values about eight times slower on a CNN's activations (see
 * docs/profiling.md). Exists only in memory: model files name DL4J's
 * {@link ActivationReLU} ({@link Portable}).
 */
public class ReluActivation extends ActivationReLU {

	private static final long serialVersionUID = 1L;

	/** The product with the incoming gradient, prepared once per thread. */
	private static final ThreadLocal<PreparedOp> MULTIPLICATION = ThreadLocal.withInitial(PreparedOp::multiplication);

	/**
	 * The gradient, computed in place on {@code in} as DL4J's other activations do: the
	 * layers have no further use for the pre-activation.
	 */
	@Override
	public Pair<INDArray, INDArray> backprop(INDArray in, INDArray epsilon) {
		assertShape(in, epsilon);
		// 1 where the pre-activation is above 0, else 0: the derivative relu_bp takes
		Nd4j.getExecutioner().exec(new Step(in, in, 0.0));
		return new Pair<>(MULTIPLICATION.get().run(in, in, epsilon), null);
	}

	/**
	 * Whether {@code activation} is this class's plain {@code max(0, x)} (no cap,
	 * threshold or negative slope), which libnd4j's {@code relu} op computes.
	 */
	static boolean isPlain(IActivation activation) {
		return activation instanceof ReluActivation relu && hasPlainSettings(relu);
	}

	/** Whether a ReLU has no cap, threshold or negative slope. */
	static boolean hasPlainSettings(ActivationReLU relu) {
		return relu.getMax() == null && relu.getThreshold() == null && relu.getNegativeSlope() == null;
	}

	@Override
	public String toString() {
		return "relu";
	}

}
