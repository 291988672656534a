package dev.kiln.metrics;

import java.time.Clock;
import java.util.List;
import java.util.UUID;

import dev.kiln.metrics.internal.EpochMetricRow;
import dev.kiln.metrics.internal.EpochMetricRowRepository;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Append-only per-epoch metric rows of jobs.
 */
@Service
public class MetricsService {

	private final EpochMetricRowRepository rows;

	private final Clock clock;

	MetricsService(EpochMetricRowRepository rows, Clock clock) {
		this.rows = rows;
		this.clock = clock;
	}

	/** Appends one epoch's row; an epoch is recorded once per job. */
	@Transactional
	public EpochMetrics append(UUID jobId, int attempt, int epoch, double trainLoss, double validationLoss,
			double validationAccuracy, double learningRate, double seconds, double samplesPerSecond) {
		EpochMetricRow row = new EpochMetricRow(jobId, attempt, epoch, trainLoss, validationLoss, validationAccuracy,
				learningRate, seconds, samplesPerSecond, this.clock.instant());
		return toMetrics(this.rows.save(row));
	}

	@Transactional(readOnly = true)
	public List<EpochMetrics> forJob(UUID jobId) {
		return this.rows.findByJobIdOrderByEpoch(jobId).stream().map(MetricsService::toMetrics).toList();
	}

	/**
	 * Removes the rows of epochs after {@code epoch}: a run resumed from the checkpoint
	 * of that epoch trains them again, and an epoch must not be counted twice.
	 */
	@Transactional
	public int discardAfter(UUID jobId, int epoch) {
		return this.rows.deleteByJobIdAndEpochGreaterThan(jobId, epoch);
	}

	private static EpochMetrics toMetrics(EpochMetricRow row) {
		return new EpochMetrics(row.epoch(), row.attempt(), row.trainLoss(), row.validationLoss(),
				row.validationAccuracy(), row.learningRate(), row.seconds(), row.samplesPerSecond(), row.recordedAt());
	}

}
