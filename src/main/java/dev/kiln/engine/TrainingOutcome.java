package dev.kiln.engine;

/**
 * How a call to {@link Trainer#train} ended (failures other than divergence are thrown).
 */
public sealed interface TrainingOutcome {

	/** The last epoch that finished (1-based), 0 when none did. */
	int epochsCompleted();

	record Completed(int epochsCompleted) implements TrainingOutcome {
	}

	/**
	 * {@link TrainingObserver#stopRequested()} said stop, for {@code reason}; the
	 * interrupted epoch was not reported.
	 */
	record Stopped(int epochsCompleted, StopReason reason) implements TrainingOutcome {
	}

	/**
	 * The training loss of epoch {@code epochsCompleted} was NaN or infinite (already
	 * reported to the observer).
	 */
	record Diverged(int epochsCompleted, double loss) implements TrainingOutcome {
	}

}
