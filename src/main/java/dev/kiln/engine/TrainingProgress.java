package dev.kiln.engine;

/**
 * Where a run is within its training, as reported while it trains.
 *
 * @param epoch the 1-based epoch being trained
 * @param epochs the epochs the task asked for
 * @param iteration minibatches done in this epoch
 * @param iterationsPerEpoch minibatches in one epoch
 * @param iterations minibatches done since the job began, across resumes
 * @param samplesPerSecond training rows per second since the previous report (or since
 * this run began)
 * @param elapsedSeconds wall-clock time since this run began training (validation
 * included)
 * @param etaSeconds the time left at this run's pace so far, or null before it can be
 * estimated
 */
public record TrainingProgress(int epoch, int epochs, int iteration, int iterationsPerEpoch, long iterations,
		double samplesPerSecond, double elapsedSeconds, Double etaSeconds) {
}
