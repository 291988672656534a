package dev.kiln.bench;

import java.util.List;

/**
 * One training run's samples/s, epoch by epoch, as the run timed its training passes
 * (a Kiln job's metrics, PyTorch's {@code epochSeconds}), and its test accuracy.
 *
 * @param samplesPerSecond each finished epoch's rate, in order
 * @param testAccuracy 0 to 1, or null when the run was cut short before it could be
 * tested
 */
record EpochRates(List<Double> samplesPerSecond, Double testAccuracy) {

	EpochRates {
		samplesPerSecond = List.copyOf(samplesPerSecond);
	}

	/**
	 * The run's rate: the median over the epochs after the first, which includes the
	 * warm-up (the JIT compiling, PyTorch's first allocations); the only epoch's if there
	 * is one; NaN if none finished.
	 */
	double steady() {
		return Samples.middle(steadyEpochs());
	}

	/**
	 * How far the rate moves inside the run: the fastest epoch over the slowest, of those
	 * after the first (1 with a single such epoch, NaN with none).
	 */
	double spread() {
		List<Double> epochs = steadyEpochs();
		return Samples.percentile(epochs, 100) / Samples.percentile(epochs, 0);
	}

	private List<Double> steadyEpochs() {
		return (this.samplesPerSecond.size() > 1) ? this.samplesPerSecond.subList(1, this.samplesPerSecond.size())
				: this.samplesPerSecond;
	}

}
