package dev.kiln.metrics;

import java.time.Instant;

/**
 * What one epoch of a job measured. Losses and accuracy may be NaN or infinite (a
 * diverged run, or no validation split); in JSON they appear as the strings
 * {@code "NaN"}, {@code "Infinity"}, {@code "-Infinity"}.
 *
 * @param attempt the run (attempt) of the job that recorded the row
 */
public record EpochMetrics(int epoch, int attempt, double trainLoss, double validationLoss, double validationAccuracy,
		double learningRate, double seconds, double samplesPerSecond, Instant recordedAt) {
}
