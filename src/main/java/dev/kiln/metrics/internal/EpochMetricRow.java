package dev.kiln.metrics.internal;

import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/**
 * One row of {@code epoch_metric}. Rows are written once and never updated.
 */
@Entity
@Table(name = "epoch_metric")
public class EpochMetricRow {

	@Id
	@GeneratedValue(strategy = GenerationType.IDENTITY)
	private Long id;

	@Column(name = "job_id", nullable = false, updatable = false)
	private UUID jobId;

	@Column(nullable = false, updatable = false)
	private int attempt;

	@Column(nullable = false, updatable = false)
	private int epoch;

	@Column(name = "train_loss", nullable = false, updatable = false)
	private double trainLoss;

	@Column(name = "validation_loss", nullable = false, updatable = false)
	private double validationLoss;

	@Column(name = "validation_accuracy", nullable = false, updatable = false)
	private double validationAccuracy;

	@Column(name = "learning_rate", nullable = false, updatable = false)
	private double learningRate;

	@Column(nullable = false, updatable = false)
	private double seconds;

	@Column(name = "samples_per_second", nullable = false, updatable = false)
	private double samplesPerSecond;

	@Column(name = "recorded_at", nullable = false, updatable = false)
	private Instant recordedAt;

	protected EpochMetricRow() {
	}

	public EpochMetricRow(UUID jobId, int attempt, int epoch, double trainLoss, double validationLoss,
			double validationAccuracy, double learningRate, double seconds, double samplesPerSecond,
			Instant recordedAt) {
		this.jobId = jobId;
		this.attempt = attempt;
		this.epoch = epoch;
		this.trainLoss = trainLoss;
		this.validationLoss = validationLoss;
		this.validationAccuracy = validationAccuracy;
		this.learningRate = learningRate;
		this.seconds = seconds;
		this.samplesPerSecond = samplesPerSecond;
		this.recordedAt = recordedAt;
	}

	public int epoch() {
		return this.epoch;
	}

	public int attempt() {
		return this.attempt;
	}

	public double trainLoss() {
		return this.trainLoss;
	}

	public double validationLoss() {
		return this.validationLoss;
	}

	public double validationAccuracy() {
		return this.validationAccuracy;
	}

	public double learningRate() {
		return this.learningRate;
	}

	public double seconds() {
		return this.seconds;
	}

	public double samplesPerSecond() {
		return this.samplesPerSecond;
	}

	public Instant recordedAt() {
		return this.recordedAt;
	}

}
