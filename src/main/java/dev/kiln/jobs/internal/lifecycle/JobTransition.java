package dev.kiln.jobs.internal.lifecycle;

import java.time.Instant;

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
 * One recorded move of a job's lifecycle: from where, to where, why and when.
 */
@Entity
@Table(name = "job_transition")
public class JobTransition {

	@Id
	@GeneratedValue(strategy = GenerationType.IDENTITY)
	private Long id;

	@Enumerated(EnumType.STRING)
	@Column(name = "from_status", updatable = false)
	private JobStatus fromStatus;

	@Enumerated(EnumType.STRING)
	@Column(name = "to_status", nullable = false, updatable = false)
	private JobStatus toStatus;

	@Column(nullable = false, updatable = false)
	private String reason;

	@Column(nullable = false, updatable = false)
	private Instant at;

	protected JobTransition() {
	}

	JobTransition(JobStatus fromStatus, JobStatus toStatus, String reason, Instant at) {
		this.fromStatus = fromStatus;
		this.toStatus = toStatus;
		this.reason = reason;
		this.at = at;
	}

	public JobStatus fromStatus() {
		return this.fromStatus;
	}

	public JobStatus toStatus() {
		return this.toStatus;
	}

	public String reason() {
		return this.reason;
	}

	public Instant at() {
		return this.at;
	}

}
