package dev.kiln.engine;

/**
 * Trains a network on the calling thread.
 */
public final class Trainer {

	public TrainingOutcome train(TrainingTask task, TrainingObserver observer) {
		throw new UnsupportedOperationException("not implemented yet");
	}

}
