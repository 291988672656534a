package dev.kiln.engine;

/**
 * Why training stopped before its last epoch, as the {@link TrainingObserver} that asked
 * for the stop tells it ({@link TrainingObserver#stopReason()}). Divergence is not among
 * them: the engine finds it itself ({@link TrainingOutcome.Diverged}).
 */
public enum StopReason {

	/** Someone cancelled the training. */
	CANCELLED,

	/** The process is shutting down; the training may resume elsewhere or later. */
	SHUTDOWN,

	/**
	 * The run may no longer record anything: another run may have taken its work over.
	 */
	SUPERSEDED,

	/** The training ran out of the time it was given. */
	RUNTIME_LIMIT,

	/** Early stopping: the validation metric stopped improving. */
	EARLY_STOP

}
