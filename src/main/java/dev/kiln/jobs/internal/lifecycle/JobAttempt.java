package dev.kiln.jobs.internal.lifecycle;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Convert;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/**
 * One run of a job: which node instance ran it, when, and how it ended.
 */
@Entity
@Table(name = "job_attempt")
public class JobAttempt {

	@Id
	@GeneratedValue(strategy = GenerationType.IDENTITY)
	private Long id;

	@Column(nullable = false, updatable = false)
	private int attempt;

	@Column(nullable = false, updatable = false)
	private String owner;

	@Column(name = "started_at", nullable = false, updatable = false)
	private Instant startedAt;

	@Column(name = "ended_at")
	private Instant endedAt;

	@Convert(converter = AttemptOutcomeColumn.class)
	private AttemptOutcome outcome;

	private String reason;

	/**
	 * Whether it used up one of the job's attempts (kiln.jobs.max-attempts); null while
	 * it runs.
	 */
	private Boolean counted;

	/** Why it counted or not, in words; null while it runs and when it ended the job. */
	@Column(name = "count_reason")
	private String countReason;

	protected JobAttempt() {
	}

	JobAttempt(int attempt, String owner, Instant startedAt) {
		this.attempt = attempt;
		this.owner = owner;
		this.startedAt = startedAt;
	}

	void end(AttemptOutcome outcome, String reason, boolean counted, String countReason, Instant at) {
		this.outcome = outcome;
		this.reason = reason;
		this.counted = counted;
		this.countReason = countReason;
		this.endedAt = at;
	}

	public int attempt() {
		return this.attempt;
	}

	public String owner() {
		return this.owner;
	}

	public Instant startedAt() {
		return this.startedAt;
	}

	public Instant endedAt() {
		return this.endedAt;
	}

	public AttemptOutcome outcome() {
		return this.outcome;
	}

	public String reason() {
		return this.reason;
	}

	/** Whether it used up one of the job's attempts; null while it runs. */
	public Boolean counted() {
		return this.counted;
	}

	public String countReason() {
		return this.countReason;
	}

}
