package dev.kiln.engine;

import java.util.function.LongSupplier;

/**
 * Counts a run's iterations and samples on the training thread and makes a
 * {@link TrainingProgress} at most once per interval (and after the run's first
 * iteration, so even a short run reports once). Between reports it only does arithmetic
 * on primitives: no allocation, no device synchronisation.
 */
final class ProgressMeter {

	private final int epochs;

	private final int batchSize;

	private final int rows;

	private final int iterationsPerEpoch;

	private final long intervalNanos;

	private final LongSupplier nanoTime;

	private final long startNanos;

	private final long iterationsBefore;

	private long lastReportNanos;

	private long lastReportSamples;

	private long runIterations;

	private long samples;

	private int epoch;

	private int iteration;

	ProgressMeter(int epochs, int batchSize, int rows, long iterationsBefore, long intervalNanos,
			LongSupplier nanoTime) {
		this.epochs = epochs;
		this.batchSize = batchSize;
		this.rows = rows;
		this.iterationsPerEpoch = iterationsPerEpoch(rows, batchSize);
		this.iterationsBefore = iterationsBefore;
		this.intervalNanos = intervalNanos;
		this.nanoTime = nanoTime;
		this.startNanos = nanoTime.getAsLong();
		this.lastReportNanos = this.startNanos;
	}

	/** Minibatches in one epoch: the last partial batch counts. */
	static int iterationsPerEpoch(int rows, int batchSize) {
		return (rows + batchSize - 1) / batchSize;
	}

	void startEpoch(int epoch) {
		this.epoch = epoch;
		this.iteration = 0;
	}

	/**
	 * Counts one finished minibatch.
	 * @return a report when one is due, otherwise null
	 */
	TrainingProgress iterationDone() {
		this.iteration++;
		this.runIterations++;
		this.samples += (this.iteration < this.iterationsPerEpoch) ? this.batchSize
				: this.rows - (long) (this.iterationsPerEpoch - 1) * this.batchSize;
		long now = this.nanoTime.getAsLong();
		if (this.runIterations > 1 && now - this.lastReportNanos < this.intervalNanos) {
			return null;
		}
		return report(now);
	}

	private TrainingProgress report(long now) {
		double elapsed = (now - this.startNanos) / 1e9;
		double sinceLast = (now - this.lastReportNanos) / 1e9;
		double samplesPerSecond = (sinceLast > 0) ? (this.samples - this.lastReportSamples) / sinceLast : 0;
		long remaining = (long) (this.epochs - this.epoch) * this.iterationsPerEpoch
				+ (this.iterationsPerEpoch - this.iteration);
		Double eta = (elapsed > 0) ? remaining * elapsed / this.runIterations : null;
		this.lastReportNanos = now;
		this.lastReportSamples = this.samples;
		return new TrainingProgress(this.epoch, this.epochs, this.iteration, this.iterationsPerEpoch,
				this.iterationsBefore + this.runIterations, samplesPerSecond, elapsed, eta);
	}

}
