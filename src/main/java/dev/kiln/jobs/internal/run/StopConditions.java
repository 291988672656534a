package dev.kiln.jobs.internal.run;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import dev.kiln.engine.EpochResult;
import dev.kiln.engine.StopReason;
import dev.kiln.jobs.JobStatus;
import dev.kiln.jobs.internal.lifecycle.Job;
import dev.kiln.jobs.internal.lifecycle.JobJson;
import dev.kiln.jobs.internal.lifecycle.JobRepository;
import dev.kiln.jobs.internal.lifecycle.JobTransition;
import dev.kiln.jobs.internal.lifecycle.JobUpdates;
import dev.kiln.metrics.MetricsService;
import dev.kiln.spec.CompiledSpec;
import dev.kiln.spec.JobSpec;
import dev.kiln.spec.StoppingSpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The stop conditions of a job's spec ({@code stopping}): the runtime limit and early
 * stopping, checked on the training thread through {@link Run}, and the queue-wait limit,
 * checked by the dispatcher's tick through {@link #cancelOverdue()}.
 */
@Component
public class StopConditions {

	private static final Logger log = LoggerFactory.getLogger(StopConditions.class);

	private final JobRepository jobs;

	private final JobUpdates updates;

	private final JobJson json;

	private final MetricsService metrics;

	private final TransactionTemplate reads;

	/** Whether the jobs queued before deadlines were recorded have theirs. */
	private volatile boolean deadlinesFilled;

	StopConditions(JobRepository jobs, JobUpdates updates, JobJson json, MetricsService metrics,
			PlatformTransactionManager transactionManager) {
		this.jobs = jobs;
		this.updates = updates;
		this.json = json;
		this.metrics = metrics;
		this.reads = new TransactionTemplate(transactionManager);
		this.reads.setReadOnly(true);
	}

	private Clock clock() {
		return this.updates.clock();
	}

	/**
	 * The conditions of the attempt that is starting: the runtime left (the limit less
	 * the time of earlier attempts and of this one so far) and the early-stopping state
	 * replayed from the metric rows kept (call after a resume has discarded later rows).
	 */
	Run begin(UUID jobId, CompiledSpec.Stopping stopping) {
		long deadline = Long.MAX_VALUE;
		if (stopping.maxRuntime() != null) {
			Duration used = this.reads
				.execute((status) -> runtime(this.jobs.findById(jobId).orElseThrow().transitions(), clock().instant()));
			Duration left = stopping.maxRuntime().minus(used);
			deadline = System.nanoTime() + Math.max(0, saturatedNanos(left));
		}
		EarlyStopping early = (stopping.earlyStopping() != null)
				? EarlyStopping.replay(stopping.earlyStopping(), this.metrics.forJob(jobId)) : null;
		return new Run(stopping.maxRuntime(), deadline, early);
	}

	/**
	 * The time a job has spent running: every earlier attempt, from its claim to its
	 * return to the queue, and the current one so far.
	 */
	static Duration runtime(List<JobTransition> transitions, Instant now) {
		Duration total = Duration.ZERO;
		Instant since = null;
		for (JobTransition transition : transitions) {
			if (transition.toStatus() == JobStatus.RUNNING) {
				since = transition.at();
			}
			else if (since != null
					&& (transition.toStatus() == JobStatus.QUEUED || transition.toStatus().isTerminal())) {
				total = total.plus(Duration.between(since, transition.at()));
				since = null;
			}
		}
		if (since != null && now.isAfter(since)) {
			total = total.plus(Duration.between(since, now));
		}
		return total;
	}

	private static long saturatedNanos(Duration duration) {
		try {
			return duration.toNanos();
		}
		catch (ArithmeticException ex) {
			return duration.isNegative() ? 0 : Long.MAX_VALUE / 2;
		}
	}

	/**
	 * When a job submitted at {@code submitted} is cancelled if it has not started, or
	 * null without a maxQueueWait.
	 */
	public static Instant queueDeadline(Instant submitted, Duration maxQueueWait) {
		if (maxQueueWait == null) {
			return null;
		}
		try {
			return submitted.plus(maxQueueWait);
		}
		catch (ArithmeticException | java.time.DateTimeException ex) {
			// beyond any date a job could wait for
			return null;
		}
	}

	/**
	 * Cancels the queued jobs that have waited longer than their {@code maxQueueWait}
	 * since submission without ever starting. Runs on the dispatcher's thread, before it
	 * claims jobs. One indexed query finds them (the deadline is written at submission),
	 * so the queue's length does not matter.
	 */
	public void cancelOverdue() {
		try {
			if (!this.deadlinesFilled) {
				fillMissingDeadlines();
				this.deadlinesFilled = true;
			}
			cancelOverdueJobs();
		}
		catch (RuntimeException ex) {
			// the next tick tries again; claiming must go on
			log.warn("Checking queued jobs' maxQueueWait failed: {}", ex.toString());
		}
	}

	private void cancelOverdueJobs() {
		Instant now = clock().instant();
		List<UUID> overdue = this.reads.execute((status) -> this.jobs.findOverdueQueued(now));
		for (UUID id : overdue) {
			this.updates.update(id, (j) -> {
				if (j.status() == JobStatus.QUEUED && j.attempt() == 0 && j.queueDeadline() != null) {
					String reason = "waited longer than maxQueueWait of "
							+ Duration.between(j.createdAt(), j.queueDeadline()) + " in the queue without starting";
					j.cancelled(reason, clock().instant());
					log.info("Job {} {}: cancelled", id, reason);
				}
			});
		}
	}

	/**
	 * Once per process: jobs queued before deadlines were recorded at submission get
	 * theirs from their spec.
	 */
	private void fillMissingDeadlines() {
		List<Job> missing = this.reads.execute((status) -> this.jobs.findQueuedWithoutDeadline());
		for (Job job : missing) {
			Instant deadline = maxQueueWait(job).map((wait) -> queueDeadline(job.createdAt(), wait)).orElse(null);
			if (deadline != null) {
				this.updates.update(job.id(), (j) -> {
					if (j.status() == JobStatus.QUEUED && j.queueDeadline() == null) {
						j.queueDeadline(deadline);
					}
				});
			}
		}
	}

	private Optional<Duration> maxQueueWait(Job job) {
		try {
			JobSpec spec = this.json.spec(job);
			StoppingSpec stopping = spec.stopping();
			return (stopping != null && stopping.maxQueueWait() != null)
					? Optional.of(Duration.parse(stopping.maxQueueWait().trim())) : Optional.empty();
		}
		catch (RuntimeException ex) {
			// validated at submission; a spec that no longer parses is not this check's
			// to judge
			return Optional.empty();
		}
	}

	/**
	 * One attempt's conditions, used on the training thread: {@link #stopRequested()} is
	 * polled at every iteration boundary and reads the clock only.
	 */
	static final class Run {

		private final Duration maxRuntime;

		private final long deadlineNanos;

		private final EarlyStopping early;

		private volatile boolean runtimeExceeded;

		private volatile boolean stoppedEarly;

		Run(Duration maxRuntime, long deadlineNanos, EarlyStopping early) {
			this.maxRuntime = maxRuntime;
			this.deadlineNanos = deadlineNanos;
			this.early = early;
			this.stoppedEarly = early != null && early.triggered();
		}

		boolean stopRequested() {
			if (this.stoppedEarly || this.runtimeExceeded) {
				return true;
			}
			if (this.maxRuntime != null && System.nanoTime() - this.deadlineNanos >= 0) {
				this.runtimeExceeded = true;
			}
			return this.runtimeExceeded;
		}

		/**
		 * Takes a finished epoch into account.
		 * @return whether training stops early after it
		 */
		boolean epochEnded(EpochResult result) {
			if (this.early != null && !this.stoppedEarly
					&& this.early.observe(result.epoch(), result.validationLoss(), result.validationAccuracy())) {
				this.stoppedEarly = true;
			}
			return this.stoppedEarly;
		}

		/**
		 * Which condition asked for the stop, the runtime limit before early stopping;
		 * null if none did.
		 */
		StopReason reason() {
			if (this.runtimeExceeded) {
				return StopReason.RUNTIME_LIMIT;
			}
			return this.stoppedEarly ? StopReason.EARLY_STOP : null;
		}

		/** Why the job ran out of time, or null if it did not. */
		String runtimeExceeded(int epochsCompleted) {
			return this.runtimeExceeded ? "exceeded maxRuntime of " + this.maxRuntime + " after epoch "
					+ epochsCompleted + "; its checkpoints are kept" : null;
		}

		/** Why training stopped early, or null if it did not. */
		String stoppedEarly() {
			return this.stoppedEarly ? this.early.reason() : null;
		}

	}

}
