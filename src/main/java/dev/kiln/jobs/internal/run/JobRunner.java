package dev.kiln.jobs.internal.run;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import java.util.function.Consumer;

import dev.kiln.engine.NativeRuntime;
import dev.kiln.engine.StopReason;
import dev.kiln.engine.Trainer;
import dev.kiln.engine.TrainingOutcome;
import dev.kiln.jobs.JobStatus;
import dev.kiln.jobs.JobsProperties;
import dev.kiln.jobs.StaleAttemptException;
import dev.kiln.jobs.internal.lifecycle.EvaluationResponse;
import dev.kiln.jobs.internal.lifecycle.Job;
import dev.kiln.jobs.internal.lifecycle.JobJson;
import dev.kiln.jobs.internal.lifecycle.RunStore;
import dev.kiln.node.NodeIdentity;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.stereotype.Component;

/**
 * Runs one claimed job on the calling worker thread and moves it to where the attempt
 * leaves it: the attempt is prepared ({@link RunPreparation}), trained by the engine, its
 * best checkpoint evaluated ({@link RunEvaluation}), and the engine's outcome (or the
 * attempt's failure, by the {@link RetryPolicy}) decides the job's next state. Every
 * write is fenced by the attempt's lease.
 */
@Component
public class JobRunner {

	private static final Logger log = LoggerFactory.getLogger(JobRunner.class);

	private final RunStore store;

	private final JobJson json;

	private final RunPreparation preparation;

	private final Trainer trainer;

	private final RunEvaluation evaluation;

	private final RetryPolicy retries;

	private final StopSignals stopSignals;

	private final String owner;

	private final Duration leaseDuration;

	JobRunner(RunStore store, JobJson json, RunPreparation preparation, Trainer trainer, RunEvaluation evaluation,
			RetryPolicy retries, StopSignals stopSignals, NodeIdentity node, JobsProperties properties) {
		this.store = store;
		this.json = json;
		this.preparation = preparation;
		this.trainer = trainer;
		this.evaluation = evaluation;
		this.retries = retries;
		this.stopSignals = stopSignals;
		this.owner = node.owner();
		this.leaseDuration = properties.leaseDuration();
	}

	/** Runs attempt {@code claimed.attempt()} of a job this node just claimed. */
	public void run(Job claimed) {
		UUID jobId = claimed.id();
		StopSignals.Signal signal = this.stopSignals.register(jobId, claimed.attempt(), leaseLeft(claimed));
		RunningAttempt run = new RunningAttempt(jobId, this.owner, claimed.attempt(), signal);
		// the log context spans the failure's handling too: its lines carry the job
		try (JobLogContext context = JobLogContext.open(jobId, claimed.attempt())) {
			attempt(claimed, run, signal);
		}
		finally {
			this.stopSignals.unregister(jobId);
		}
	}

	private void attempt(Job claimed, RunningAttempt run, StopSignals.Signal signal) {
		try {
			Job job = run.whileLeaseHolds(() -> this.store.read(claimed.id()));
			if (job.status() == JobStatus.CANCELLING) {
				// cancelled between the claim and now
				signal.raise(StopReason.CANCELLED);
			}
			PreparedRun prepared = this.preparation.prepare(job, run);
			TrainingOutcome outcome = this.trainer.train(prepared.task(), prepared.observer());
			Thread.interrupted();
			end(claimed.id(), run, prepared, outcome);
		}
		catch (RuntimeException | OutOfMemoryError | LinkageError ex) {
			Thread.interrupted();
			failed(claimed, run, ex);
		}
	}

	/** Moves the job to the state the engine's outcome leaves it in. */
	private void end(UUID jobId, RunningAttempt run, PreparedRun prepared, TrainingOutcome outcome) {
		if (outcome instanceof TrainingOutcome.Completed) {
			succeed(jobId, run, prepared, null);
		}
		else if (outcome instanceof TrainingOutcome.Diverged diverged) {
			write(run, (j) -> j.fail(
					"diverged at epoch " + diverged.epochsCompleted() + ": the training loss is " + diverged.loss(),
					now()));
		}
		else if (outcome instanceof TrainingOutcome.Stopped stopped) {
			int epochs = stopped.epochsCompleted();
			switch (stopped.reason()) {
				case SUPERSEDED -> log.warn("Job {} attempt {} stopped after losing its lease; it writes nothing more",
						jobId, run.attempt());
				case RUNTIME_LIMIT -> write(run, (j) -> j.fail(prepared.stops().runtimeExceeded(epochs), now()));
				case EARLY_STOP -> succeed(jobId, run, prepared, prepared.stops().stoppedEarly());
				case SHUTDOWN -> write(run,
						(j) -> j.requeue(
								"Kiln shut down after epoch " + epochs + "; the job resumes from its newest checkpoint",
								now()));
				case CANCELLED -> write(run, (j) -> j.cancelled("cancelled after epoch " + epochs, now()));
			}
		}
	}

	/**
	 * Evaluates the best checkpoint and ends the job SUCCEEDED.
	 * @param reason why training ended before its last epoch, or null if it did not
	 */
	private void succeed(UUID jobId, RunningAttempt run, PreparedRun prepared, String reason) {
		EvaluationResponse evaluated = run.whileLeaseHolds(() -> this.evaluation.evaluate(jobId, prepared));
		write(run, (j) -> {
			if (evaluated != null) {
				j.recordEvaluation(this.json.write(evaluated), now());
			}
			if (reason != null) {
				j.succeed(reason, now());
			}
			else {
				j.succeed(now());
			}
		});
	}

	/**
	 * The attempt failed: the retry policy requeues or fails the job, unless the attempt
	 * no longer holds it (then it writes nothing).
	 */
	private void failed(Job claimed, RunningAttempt run, Throwable ex) {
		if (RetryPolicy.causedBy(ex, StaleAttemptException.class)) {
			log.warn("Job {} attempt {} no longer holds its job and stops writing: {}", claimed.id(), run.attempt(),
					ex.getMessage());
			return;
		}
		log.error("Job {} attempt {} failed", claimed.id(), run.attempt(), ex);
		releaseWorkspaces(claimed.id());
		try {
			write(run, (j) -> this.retries.failed(j, ex, now()));
		}
		catch (StaleAttemptException stale) {
			log.warn("Job {} attempt {} was superseded: {}", claimed.id(), run.attempt(), stale.getMessage());
		}
	}

	/**
	 * Frees what the failed attempt left in the worker thread's ND4J workspaces, so the
	 * thread's next job starts without it.
	 */
	private static void releaseWorkspaces(UUID jobId) {
		try {
			NativeRuntime.releaseThreadWorkspaces();
		}
		catch (RuntimeException | LinkageError ex) {
			log.warn("Job {}: could not release the worker's ND4J workspaces: {}", jobId, ex.toString());
		}
	}

	/** How long the claim's lease holds from now, by this node's clock. */
	private Duration leaseLeft(Job claimed) {
		return (claimed.leaseExpiresAt() != null) ? Duration.between(now(), claimed.leaseExpiresAt())
				: this.leaseDuration;
	}

	/**
	 * Changes the job if this run still holds it, waiting out a brief database outage.
	 */
	private void write(RunningAttempt run, Consumer<Job> change) {
		run.write(this.store, change);
	}

	private Instant now() {
		return this.store.clock().instant();
	}

}
