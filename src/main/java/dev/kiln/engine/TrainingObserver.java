package dev.kiln.engine;

import java.time.Duration;

/**
 * The port through which the engine reports to whoever runs it. Called on the training
 * thread.
 */
public interface TrainingObserver {

	/**
	 * Polled at every iteration boundary: must be cheap (a volatile read, not a database
	 * query).
	 */
	boolean stopRequested();

	/**
	 * Why training must stop: asked once, after {@link #stopRequested()} said so, and
	 * carried by the {@link TrainingOutcome.Stopped} outcome.
	 */
	StopReason stopReason();

	/** Called after every epoch, after validation. */
	void epochEnded(EpochResult result, ModelSnapshot snapshot);

	/**
	 * Called while an epoch trains: after the run's first minibatch, then at most once
	 * per {@link #progressInterval()}. Must return quickly (hand the report on, do not
	 * write it anywhere slow).
	 */
	default void progress(TrainingProgress progress) {
	}

	/** How often {@link #progress} is called at most; read once when training starts. */
	default Duration progressInterval() {
		return Duration.ofSeconds(1);
	}

}
