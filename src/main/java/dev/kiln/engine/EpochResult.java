package dev.kiln.engine;

/**
 * What one finished epoch measured. {@code epoch} is 1-based. Losses may be NaN or
 * infinite when training diverged: they are reported as they are.
 *
 * @param trainLoss mean of the minibatch scores over the epoch
 * @param validationLoss loss on the whole validation split (NaN when the split is empty)
 * @param validationAccuracy accuracy on the validation split (NaN when the split is
 * empty)
 * @param learningRate the learning rate in effect at the end of the epoch
 * @param iterations total iterations (minibatches) done since the job began, across
 * resumes
 */
public record EpochResult(int epoch, double trainLoss, double validationLoss, double validationAccuracy,
		double learningRate, double seconds, double samplesPerSecond, long iterations) {
}
