package dev.kiln.jobs.internal.events;

import java.time.Instant;
import java.util.UUID;

import dev.kiln.jobs.JobStatus;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/**
 * One stored event of a job's live stream: a state change or a finished epoch, with the
 * JSON it is sent as. Append-only.
 */
@Entity
@Table(name = "job_event")
class JobEventRow {

	static final String STATE = "state";

	static final String EPOCH = "epoch";

	@Id
	@GeneratedValue(strategy = GenerationType.IDENTITY)
	private Long id;

	@Column(name = "job_id", nullable = false, updatable = false)
	private UUID jobId;

	@Column(nullable = false, updatable = false)
	private String type;

	/** For state events, the status the job moved to. */
	@Enumerated(EnumType.STRING)
	@Column(updatable = false)
	private JobStatus status;

	@Column(nullable = false, updatable = false)
	private String data;

	@Column(name = "created_at", nullable = false, updatable = false)
	private Instant createdAt;

	protected JobEventRow() {
	}

	JobEventRow(UUID jobId, String type, JobStatus status, String data, Instant createdAt) {
		this.jobId = jobId;
		this.type = type;
		this.status = status;
		this.data = data;
		this.createdAt = createdAt;
	}

	long id() {
		return this.id;
	}

	UUID jobId() {
		return this.jobId;
	}

	String type() {
		return this.type;
	}

	JobStatus status() {
		return this.status;
	}

	String data() {
		return this.data;
	}

	/** True for the state event that ends the job: nothing follows it. */
	boolean endsJob() {
		return STATE.equals(this.type) && this.status != null && this.status.isTerminal();
	}

}
