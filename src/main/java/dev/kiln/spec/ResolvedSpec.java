package dev.kiln.spec;

import java.util.List;

import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.lossfunctions.LossFunctions.LossFunction;

/**
 * A valid spec with every default filled in and every shape inferred: what
 * {@link NetworkBuilder} turns into a DL4J configuration.
 */
record ResolvedSpec(Shape input, List<Layer> layers, WeightInit weightInit, Optimizer optimizer, Schedule schedule,
		double l2, CompiledSpec.Settings settings) {

	long parameters() {
		return this.layers.stream().mapToLong(Layer::parameters).sum();
	}

	/** The shape of the activations between two layers (of one example). */
	record Shape(Kind kind, List<Integer> dims) {

		enum Kind {

			/** {@code [features]}. */
			FLAT,
			/** {@code [height, width, channels]}. */
			IMAGE,
			/** {@code [timesteps, features]}. */
			SEQUENCE

		}

		static Shape flat(long size) {
			return new Shape(Kind.FLAT, List.of(Math.toIntExact(size)));
		}

		long size() {
			long size = 1;
			for (int d : this.dims) {
				size *= d;
			}
			return size;
		}

		/** The size of the last dimension: features, channels or units. */
		int last() {
			return this.dims.get(this.dims.size() - 1);
		}

		@Override
		public String toString() {
			return (this.kind == Kind.SEQUENCE ? "a sequence " : "") + this.dims;
		}

	}

	/**
	 * One layer.
	 *
	 * @param size units or filters (0 for layers without)
	 * @param dropRate the probability of dropping an input (0: no dropout)
	 * @param weightInit null to inherit the model's
	 * @param lastTimeStep for an lstm: hand on only the last time step
	 */
	record Layer(int index, String type, Shape output, long parameters, int size, int[] kernel, int[] stride,
			boolean samePadding, Activation activation, double dropRate, LossFunction loss, WeightInit weightInit,
			boolean lastTimeStep) {
	}

	record Optimizer(String type, double learningRate, double momentum, double beta1, double beta2, double epsilon,
			double decay) {
	}

	/**
	 * @param totalSteps the length of the whole training in {@code unit}s (cosine and
	 * polynomial)
	 */
	record Schedule(String type, boolean perEpoch, double floor, double decaySteps, double factor, int every,
			double power, long totalSteps) {
	}

}
