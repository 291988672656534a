package dev.kiln.jobs.internal.lifecycle;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;

import dev.kiln.checkpoints.CheckpointMetric;
import dev.kiln.jobs.IllegalJobStateChangeException;
import dev.kiln.jobs.JobStatus;
import dev.kiln.jobs.StaleAttemptException;
import dev.kiln.spec.DeviceClass;
import jakarta.persistence.CascadeType;
import jakarta.persistence.Column;
import jakarta.persistence.Convert;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.OneToMany;
import jakarta.persistence.OrderBy;
import jakarta.persistence.Table;
import jakarta.persistence.Transient;
import jakarta.persistence.Version;
import org.hibernate.annotations.DynamicUpdate;

import org.springframework.data.domain.AfterDomainEventPublication;
import org.springframework.data.domain.DomainEvents;

/**
 * A training job. Its status changes only through the intent methods, which all go
 * through one guarded {@link #moveTo} that checks the lifecycle table and records the
 * transition. The version column makes two concurrent writers (a cancel racing a worker's
 * update) fail for one of them instead of overwriting; claims lock the row (see
 * {@link JobRepository#lockOldestQueued}).
 */
@Entity
@Table(name = "job")
// only changed columns: the heartbeat renews the lease with its own update, which a
// progress write must not undo
@DynamicUpdate
public class Job {

	private static final int MAX_ERROR_LENGTH = 4000;

	private static final int MAX_REASON_LENGTH = 1000;

	@Id
	private UUID id;

	private String name;

	/** The tenant that submitted it: the only one that sees it. */
	@Column(name = "tenant_id", nullable = false, updatable = false)
	private UUID tenantId;

	@Column(name = "dataset_id", nullable = false, updatable = false)
	private UUID datasetId;

	@Enumerated(EnumType.STRING)
	@Column(nullable = false)
	private JobStatus status;

	@Column(name = "spec_json", nullable = false, updatable = false)
	private String specJson;

	@Column(name = "total_epochs", nullable = false, updatable = false)
	private int totalEpochs;

	@Convert(converter = CheckpointMetricColumn.class)
	@Column(name = "checkpoint_metric", nullable = false, updatable = false)
	private CheckpointMetric checkpointMetric;

	/** Which nodes may claim it; stored as gpu, cpu or any. */
	@Convert(converter = DeviceClassColumn.class)
	@Column(nullable = false, updatable = false)
	private DeviceClass device;

	@Column(name = "current_epoch", nullable = false)
	private int currentEpoch;

	@Column(nullable = false)
	private long iterations;

	@Column(nullable = false)
	private int attempt;

	private String error;

	@Column(name = "scaling_json")
	private String scalingJson;

	@Column(name = "evaluation_json")
	private String evaluationJson;

	@Column(name = "created_at", nullable = false, updatable = false)
	private Instant createdAt;

	@Column(name = "started_at")
	private Instant startedAt;

	@Column(name = "finished_at")
	private Instant finishedAt;

	@Column(name = "updated_at", nullable = false)
	private Instant updatedAt;

	/**
	 * The latest progress report of the running attempt, as JSON; written by the lease
	 * renewal ({@link JobRepository#renewLease}).
	 */
	@Column(name = "progress_json")
	private String progressJson;

	/**
	 * When the spec's maxQueueWait runs out if the job has not started by then; null
	 * without one.
	 */
	@Column(name = "queue_deadline")
	private Instant queueDeadline;

	/**
	 * DL4J's training-memory estimate in bytes, from submission; null for jobs queued
	 * before it was recorded.
	 */
	@Column(name = "memory_estimate", updatable = false)
	private Long memoryEstimate;

	@Column(name = "lease_owner")
	private String leaseOwner;

	@Column(name = "lease_expires_at")
	private Instant leaseExpiresAt;

	@Version
	private long version;

	@OneToMany(cascade = CascadeType.ALL)
	@JoinColumn(name = "job_id", nullable = false, updatable = false)
	@OrderBy("attempt")
	private List<JobAttempt> attempts = new ArrayList<>();

	@OneToMany(cascade = CascadeType.ALL)
	@JoinColumn(name = "job_id", nullable = false, updatable = false)
	@OrderBy("id")
	private List<JobTransition> transitions = new ArrayList<>();

	/**
	 * State changes not yet published: the repository hands them to listeners when the
	 * job is saved, in the saving transaction (see {@code events.JobEventRecorder}).
	 */
	@Transient
	private List<JobStateChanged> unpublished = new ArrayList<>();

	protected Job() {
	}

	public Job(UUID id, UUID tenantId, String name, UUID datasetId, String specJson, int totalEpochs,
			CheckpointMetric checkpointMetric, Instant now) {
		this(id, tenantId, name, datasetId, specJson, totalEpochs, checkpointMetric, DeviceClass.ANY, now);
	}

	public Job(UUID id, UUID tenantId, String name, UUID datasetId, String specJson, int totalEpochs,
			CheckpointMetric checkpointMetric, DeviceClass device, Instant now) {
		this.checkpointMetric = checkpointMetric;
		this.device = device;
		this.id = id;
		this.tenantId = tenantId;
		this.name = name;
		this.datasetId = datasetId;
		this.specJson = specJson;
		this.totalEpochs = totalEpochs;
		this.createdAt = now;
		this.updatedAt = now;
		this.status = JobStatus.QUEUED;
		this.transitions.add(new JobTransition(null, JobStatus.QUEUED, "submitted", now));
		this.unpublished.add(new JobStateChanged(id, null, JobStatus.QUEUED, "submitted", now));
	}

	/**
	 * What the dispatcher checks before it starts the job, from the submission's plan.
	 * @param memoryEstimate DL4J's training-memory estimate in bytes
	 * @param queueDeadline when maxQueueWait runs out, or null without one
	 */
	public void plan(long memoryEstimate, Instant queueDeadline) {
		this.memoryEstimate = memoryEstimate;
		this.queueDeadline = queueDeadline;
	}

	/** Sets the queue deadline of a job queued before it was recorded. */
	public void queueDeadline(Instant deadline) {
		this.queueDeadline = deadline;
	}

	public Instant queueDeadline() {
		return this.queueDeadline;
	}

	/** The training-memory estimate in bytes; 0 when unknown. */
	public long memoryEstimate() {
		return (this.memoryEstimate != null) ? this.memoryEstimate : 0;
	}

	/**
	 * A worker of {@code owner} claimed the job: a new attempt begins, leased until
	 * {@code leaseUntil}.
	 */
	public void start(String owner, Instant leaseUntil, Instant now) {
		moveTo(JobStatus.RUNNING, ((this.attempt == 0) ? "claimed by " : "claimed again to resume by ") + owner, now);
		this.attempt++;
		this.progressJson = null;
		this.leaseOwner = owner;
		this.leaseExpiresAt = leaseUntil;
		this.attempts.add(new JobAttempt(this.attempt, owner, now));
		if (this.startedAt == null) {
			this.startedAt = now;
		}
	}

	/**
	 * Refuses a write by a run that no longer holds the job: a newer attempt exists, its
	 * lease went to someone else, or the job has ended.
	 */
	public void checkHeldBy(String owner, int attempt) {
		if (!this.status.holdsLease() || attempt != this.attempt || !owner.equals(this.leaseOwner)) {
			throw new StaleAttemptException(
					"attempt " + attempt + " of job " + this.id + " by " + owner + " no longer holds it (now attempt "
							+ this.attempt + ", " + this.status + ", held by " + this.leaseOwner + ")");
		}
	}

	/**
	 * A client asked to cancel: a queued job ends at once, a running one stops at its
	 * next iteration.
	 */
	public void cancel(Instant now) {
		if (this.status == JobStatus.QUEUED) {
			moveTo(JobStatus.CANCELLED, "cancelled before it started", now);
			this.finishedAt = now;
		}
		else if (this.status != JobStatus.CANCELLING) {
			moveTo(JobStatus.CANCELLING, "cancel requested", now);
		}
	}

	/** The worker stopped training after a cancel request. */
	public void cancelled(String reason, Instant now) {
		moveTo(JobStatus.CANCELLED, reason, now);
		endAttempt(AttemptOutcome.CANCELLED, reason, false, null, now);
		this.finishedAt = now;
	}

	public void succeed(Instant now) {
		succeed("trained " + this.currentEpoch + " epoch(s)", now);
	}

	/**
	 * Training ended, possibly before its last epoch (early stopping), for
	 * {@code reason}.
	 */
	public void succeed(String reason, Instant now) {
		moveTo(JobStatus.SUCCEEDED, reason, now);
		endAttempt(AttemptOutcome.SUCCEEDED, reason, false, null, now);
		this.finishedAt = now;
	}

	/**
	 * The job fails for good, for a reason another attempt would meet again (a spec or
	 * data error, divergence, a limit): not retried.
	 */
	public void fail(String error, Instant now) {
		failWith(error, "failed: not retried, another attempt would fail the same way", now);
	}

	private void failWith(String error, String countReason, Instant now) {
		String message = truncate((error == null || error.isBlank()) ? "training failed" : error, MAX_ERROR_LENGTH);
		moveTo(JobStatus.FAILED, truncate(message, MAX_REASON_LENGTH), now);
		endAttempt(AttemptOutcome.FAILED, message, true, countReason, now);
		this.error = message;
		this.finishedAt = now;
	}

	/**
	 * The node shut down while the job ran: back in the queue, to resume from its newest
	 * checkpoint. A shutdown never uses up one of the job's attempts.
	 */
	public void requeue(String reason, Instant now) {
		// the budget is not consulted: a shutdown never counts
		setback(Setback.shutdown(reason), Integer.MAX_VALUE, now);
	}

	/**
	 * The running attempt stopped before finishing the job: decides whether it uses up
	 * one of {@code maxAttempts} (see {@link Setback#counts}), records that on the
	 * attempt, and puts the job back in the queue to resume from its newest checkpoint,
	 * or fails it once its counted attempts reach {@code maxAttempts}.
	 */
	public void setback(Setback setback, int maxAttempts, Instant now) {
		boolean counts = setback.counts();
		int counted = countedAttempts() + (counts ? 1 : 0);
		String countReason = setback.countReason(counted, maxAttempts);
		if (counts && counted >= maxAttempts) {
			failWith(gaveUp(setback, counted), countReason, now);
			return;
		}
		String reason = switch (setback.kind()) {
			case SHUTDOWN -> setback.cause();
			case INTERRUPTED -> "interrupted: " + setback.cause() + "; it resumes from its newest checkpoint";
			case FAILED -> "attempt " + this.attempt + " failed: " + setback.cause() + "; retrying";
		};
		moveTo(JobStatus.QUEUED, reason, now);
		endAttempt((setback.kind() == Setback.Kind.FAILED) ? AttemptOutcome.FAILED : AttemptOutcome.INTERRUPTED, reason,
				counts, countReason, now);
	}

	private String gaveUp(Setback setback, int counted) {
		String attempts = "gave up after " + counted + " counted " + ((counted == 1) ? "attempt" : "attempts")
				+ ((this.attempt != counted) ? " (" + this.attempt + " in all)" : "");
		return switch (setback.kind()) {
			case INTERRUPTED ->
				attempts + "; the last one was interrupted before reaching a new checkpoint: " + setback.cause();
			case FAILED -> attempts + "; the last one failed: " + setback.cause();
			case SHUTDOWN -> throw new IllegalStateException("a shutdown never uses up an attempt");
		};
	}

	/**
	 * The ended attempts that used up one of the job's attempts: those that failed, or
	 * were interrupted before reaching a new checkpoint.
	 */
	public int countedAttempts() {
		return (int) this.attempts.stream().filter((attempt) -> Boolean.TRUE.equals(attempt.counted())).count();
	}

	/** Closes the current attempt, if one runs, and releases the lease. */
	private void endAttempt(AttemptOutcome outcome, String reason, boolean counted, String countReason, Instant now) {
		if (!this.attempts.isEmpty()) {
			JobAttempt current = this.attempts.get(this.attempts.size() - 1);
			if (current.attempt() == this.attempt && current.endedAt() == null) {
				current.end(outcome, truncate(reason, MAX_REASON_LENGTH), counted, countReason, now);
			}
		}
		this.leaseOwner = null;
		this.leaseExpiresAt = null;
		this.progressJson = null;
	}

	/** Records progress after an epoch. */
	public void epochDone(int epoch, long iterations, Instant now) {
		this.currentEpoch = epoch;
		this.iterations = iterations;
		this.updatedAt = now;
	}

	public void recordScaling(String scalingJson) {
		this.scalingJson = scalingJson;
	}

	public void recordEvaluation(String evaluationJson, Instant now) {
		this.evaluationJson = evaluationJson;
		this.updatedAt = now;
	}

	private void moveTo(JobStatus next, String reason, Instant now) {
		if (!this.status.canMoveTo(next)) {
			throw new IllegalJobStateChangeException(this.status, next);
		}
		String recorded = truncate(reason, MAX_REASON_LENGTH);
		this.transitions.add(new JobTransition(this.status, next, recorded, now));
		this.unpublished.add(new JobStateChanged(this.id, this.status, next, recorded, now));
		this.status = next;
		this.updatedAt = now;
	}

	@DomainEvents
	List<JobStateChanged> stateChanges() {
		return List.copyOf(this.unpublished);
	}

	@AfterDomainEventPublication
	void stateChangesPublished() {
		this.unpublished.clear();
	}

	private static String truncate(String text, int max) {
		return (text.length() <= max) ? text : text.substring(0, max - 1) + "…";
	}

	public UUID id() {
		return this.id;
	}

	public String name() {
		return this.name;
	}

	public UUID tenantId() {
		return this.tenantId;
	}

	public UUID datasetId() {
		return this.datasetId;
	}

	public JobStatus status() {
		return this.status;
	}

	public String specJson() {
		return this.specJson;
	}

	public int totalEpochs() {
		return this.totalEpochs;
	}

	public CheckpointMetric checkpointMetric() {
		return this.checkpointMetric;
	}

	public DeviceClass device() {
		return this.device;
	}

	public int currentEpoch() {
		return this.currentEpoch;
	}

	public long iterations() {
		return this.iterations;
	}

	public int attempt() {
		return this.attempt;
	}

	public String error() {
		return this.error;
	}

	public String scalingJson() {
		return this.scalingJson;
	}

	public String evaluationJson() {
		return this.evaluationJson;
	}

	public Instant createdAt() {
		return this.createdAt;
	}

	public Instant startedAt() {
		return this.startedAt;
	}

	public Instant finishedAt() {
		return this.finishedAt;
	}

	public Instant updatedAt() {
		return this.updatedAt;
	}

	/** The running attempt's latest progress report as JSON, or null. */
	public String progressJson() {
		return this.progressJson;
	}

	public String leaseOwner() {
		return this.leaseOwner;
	}

	public Instant leaseExpiresAt() {
		return this.leaseExpiresAt;
	}

	public List<JobAttempt> attempts() {
		return Collections.unmodifiableList(this.attempts);
	}

	public List<JobTransition> transitions() {
		return Collections.unmodifiableList(this.transitions);
	}

}
