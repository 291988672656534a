package dev.kiln.checkpoints.internal;

import java.time.Instant;
import java.util.UUID;

import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/**
 * One row of {@code checkpoint}; {@code filePath} is relative to the checkpoint folder.
 */
@Entity
@Table(name = "checkpoint")
public class CheckpointRow {

	@Id
	private UUID id;

	@Column(name = "job_id", nullable = false, updatable = false)
	private UUID jobId;

	@Column(nullable = false, updatable = false)
	private int epoch;

	@Column(name = "file_path", nullable = false, updatable = false)
	private String filePath;

	@Column(name = "size_bytes", nullable = false, updatable = false)
	private long sizeBytes;

	@Column(nullable = false, updatable = false, columnDefinition = "char(64)")
	// a fixed-length column: PostgreSQL reports it as CHAR, which validation must expect
	@JdbcTypeCode(SqlTypes.CHAR)
	private String sha256;

	@Column(name = "validation_loss", nullable = false, updatable = false)
	private double validationLoss;

	@Column(name = "validation_accuracy", nullable = false, updatable = false)
	private double validationAccuracy;

	@Column(name = "created_at", nullable = false, updatable = false)
	private Instant createdAt;

	protected CheckpointRow() {
	}

	public CheckpointRow(UUID id, UUID jobId, int epoch, String filePath, long sizeBytes, String sha256,
			double validationLoss, double validationAccuracy, Instant createdAt) {
		this.id = id;
		this.jobId = jobId;
		this.epoch = epoch;
		this.filePath = filePath;
		this.sizeBytes = sizeBytes;
		this.sha256 = sha256;
		this.validationLoss = validationLoss;
		this.validationAccuracy = validationAccuracy;
		this.createdAt = createdAt;
	}

	public UUID id() {
		return this.id;
	}

	public UUID jobId() {
		return this.jobId;
	}

	public int epoch() {
		return this.epoch;
	}

	public String filePath() {
		return this.filePath;
	}

	public long sizeBytes() {
		return this.sizeBytes;
	}

	public String sha256() {
		return this.sha256;
	}

	public double validationLoss() {
		return this.validationLoss;
	}

	public double validationAccuracy() {
		return this.validationAccuracy;
	}

	public Instant createdAt() {
		return this.createdAt;
	}

}
