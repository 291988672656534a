package dev.kiln.engine;

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

	/** Called after every epoch, after validation. */
	void epochEnded(EpochResult result, ModelSnapshot snapshot);

}
