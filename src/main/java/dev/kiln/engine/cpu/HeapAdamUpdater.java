package dev.kiln.engine.cpu;

import java.util.Map;

import org.bytedeco.javacpp.FloatPointer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.learning.AdamUpdater;
import org.nd4j.linalg.learning.GradientUpdater;
import org.nd4j.linalg.learning.config.Adam;

/**
 * DL4J's Adam step, computed in Java on chunks copied to the heap, with the same float
 * arithmetic as libnd4j's {@code adam_updater} op.
 * <p>
 * Why: libnd4j runs Adam as a scalar loop (a square root and a division per parameter),
 * 0.33 ms per step for the 5-layer MLP's 185,300 parameters, a quarter of its training
 * step. The JIT vectorises the same loop over heap arrays; with the copies in and out it
 * takes about a third of that (docs/profiling.md). The state stays in DL4J's updater view
 * arrays, read and written back chunk by chunk, so checkpoints and restores are DL4J's.
 * Arrays this class cannot read as one contiguous float block are left to DL4J's updater.
 * <p>
 * Where libnd4j's build fuses a multiply and an add, so does this class: matched against
 * the {@code linux-x86_64-onednn-avx2} build Kiln ships; {@code HeapAdamUpdaterTest}
 * fails if a native build rounds otherwise.
 */
final class HeapAdamUpdater implements GradientUpdater<Adam> {

	/** Floats per array per chunk: four arrays of it stay within a core's L1 and L2. */
	static final int CHUNK = 4096;

	private final AdamUpdater dl4j;

	private final float[] gradient = new float[CHUNK];

	private final float[] m = new float[CHUNK];

	private final float[] v = new float[CHUNK];

	/** Steps as {@code dl4j} does, on its state arrays. */
	HeapAdamUpdater(AdamUpdater dl4j) {
		this.dl4j = dl4j;
	}

	@Override
	public Adam getConfig() {
		return this.dl4j.getConfig();
	}

	@Override
	public void setState(Map<String, INDArray> stateMap, boolean initialize) {
		this.dl4j.setState(stateMap, initialize);
	}

	@Override
	public Map<String, INDArray> getState() {
		return this.dl4j.getState();
	}

	@Override
	public void setStateViewArray(INDArray viewArray, long[] gradientShape, char gradientOrder, boolean initialize) {
		this.dl4j.setStateViewArray(viewArray, gradientShape, gradientOrder, initialize);
	}

	@Override
	public void applyUpdater(INDArray gradientView, int iteration, int epoch) {
		Map<String, INDArray> state = this.dl4j.getState();
		INDArray mView = state.get(AdamUpdater.M_STATE);
		INDArray vView = state.get(AdamUpdater.V_STATE);
		if (!contiguousFloats(gradientView, mView.length()) || !contiguousFloats(mView, mView.length())
				|| !contiguousFloats(vView, mView.length())) {
			this.dl4j.applyUpdater(gradientView, iteration, epoch);
			return;
		}
		Adam config = getConfig();
		Step step = Step.of(config.getLearningRate(iteration, epoch), config.getBeta1(), config.getBeta2(),
				config.getEpsilon(), iteration);
		FloatPointer g = new FloatPointer(gradientView.data().addressPointer());
		FloatPointer mPointer = new FloatPointer(mView.data().addressPointer());
		FloatPointer vPointer = new FloatPointer(vView.data().addressPointer());
		long length = gradientView.length();
		for (long from = 0; from < length; from += CHUNK) {
			int count = (int) Math.min(CHUNK, length - from);
			g.position(from).get(this.gradient, 0, count);
			mPointer.position(from).get(this.m, 0, count);
			vPointer.position(from).get(this.v, 0, count);
			step.apply(this.gradient, this.m, this.v, count);
			g.position(from).put(this.gradient, 0, count);
			mPointer.position(from).put(this.m, 0, count);
			vPointer.position(from).put(this.v, 0, count);
		}
	}

	private static boolean contiguousFloats(INDArray array, long length) {
		// a vector's elements lie in buffer order whatever its ordering says
		return array.dataType() == DataType.FLOAT && array.length() == length && array.length() > 0
				&& (array.rank() == 1 || array.isVector()) && array.elementWiseStride() == 1;
	}

	/**
	 * One iteration's constants, rounded as libnd4j rounds them, and its arithmetic per
	 * parameter: the update goes into the gradient, as DL4J's updaters leave it.
	 */
	record Step(float beta1, float beta2, float epsilon, float stepSize) {

		static Step of(double learningRate, double beta1, double beta2, double epsilon, int iteration) {
			float lr = (float) learningRate;
			float b1 = (float) beta1;
			float b2 = (float) beta2;
			float eps = (float) epsilon;
			float t = iteration + 1;
			float beta1T = (float) Math.pow(b1, t);
			float beta2T = (float) Math.pow(b2, t);
			float stepSize = (float) ((lr * (float) Math.sqrt((float) (1.0 - beta2T))) / (1.0 - beta1T));
			if (Float.isNaN(stepSize) || stepSize == 0 || Float.isInfinite(stepSize)) {
				stepSize = eps;
			}
			return new Step(b1, b2, eps, stepSize);
		}

		void apply(float[] gradient, float[] m, float[] v, int count) {
			float beta1 = this.beta1;
			float beta2 = this.beta2;
			float oneMinusBeta1 = 1 - beta1;
			float oneMinusBeta2 = 1 - beta2;
			float epsilon = this.epsilon;
			float stepSize = this.stepSize;
			for (int i = 0; i < count; i++) {
				float g = gradient[i];
				// libnd4j's build contracts these two into fused multiply-adds
				float mi = Math.fma(beta1, m[i], g * oneMinusBeta1);
				float vi = Math.fma(beta2, v[i], g * g * oneMinusBeta2);
				m[i] = mi;
				v[i] = vi;
				gradient[i] = (mi * stepSize) / ((float) Math.sqrt(vi) + epsilon);
			}
		}

	}

}
