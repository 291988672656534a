package dev.kiln.jobs.internal;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import dev.kiln.checkpoints.CheckpointInfo;
import dev.kiln.checkpoints.CheckpointMetric;
import dev.kiln.checkpoints.CheckpointService;
import dev.kiln.datasets.DatasetCatalog;
import dev.kiln.datasets.DatasetInfo;
import dev.kiln.datasets.DatasetSplit;
import dev.kiln.engine.Accelerations;
import dev.kiln.engine.Evaluator;
import dev.kiln.engine.Examples;
import dev.kiln.engine.FeatureScaling;
import dev.kiln.engine.ModelFiles;
import dev.kiln.engine.NativeRuntime;
import dev.kiln.engine.TestEvaluation;
import dev.kiln.engine.Trainer;
import dev.kiln.engine.TrainingOutcome;
import dev.kiln.engine.TrainingTask;
import dev.kiln.jobs.JobStatus;
import dev.kiln.jobs.JobsProperties;
import dev.kiln.jobs.StaleAttemptException;
import dev.kiln.metrics.MetricsService;
import dev.kiln.node.NodeIdentity;
import dev.kiln.spec.CompiledSpec;
import dev.kiln.spec.JobSpec;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.stereotype.Component;

/**
 * Runs one claimed job on the calling worker thread: prepares its data, trains it through
 * the engine (resuming from the newest intact checkpoint of an earlier attempt), records
 * every epoch, evaluates the best checkpoint on the test split and moves the job to its
 * final state.
 */
@Component
class JobRunner {

	private static final Logger log = LoggerFactory.getLogger(JobRunner.class);

	private final JobUpdates updates;

	private final JobJson json;

	private final JobPlanner planner;

	private final DatasetCatalog datasets;

	private final MetricsService metrics;

	private final CheckpointService checkpoints;

	private final StopSignals stopSignals;

	private final Trainer trainer;

	private final NodeIdentity node;

	private final JobsProperties properties;

	private final StopConditions stopConditions;

	private final JobMetrics jobMetrics;

	private final EpochRecorder recorder;

	private final RetryPolicy retries;

	private final JobEventBus bus;

	JobRunner(JobUpdates updates, JobJson json, JobPlanner planner, DatasetCatalog datasets, MetricsService metrics,
			CheckpointService checkpoints, StopSignals stopSignals, Trainer trainer, NodeIdentity node,
			JobsProperties properties, StopConditions stopConditions, JobMetrics jobMetrics, EpochRecorder recorder,
			RetryPolicy retries, JobEventBus bus) {
		this.jobMetrics = jobMetrics;
		this.recorder = recorder;
		this.retries = retries;
		this.bus = bus;
		this.node = node;
		this.properties = properties;
		this.stopConditions = stopConditions;
		this.updates = updates;
		this.json = json;
		this.planner = planner;
		this.datasets = datasets;
		this.metrics = metrics;
		this.checkpoints = checkpoints;
		this.stopSignals = stopSignals;
		this.trainer = trainer;
	}

	/** Runs attempt {@code claimed.attempt()} of a job this node just claimed. */
	void run(Job claimed) {
		try (JobLogContext context = JobLogContext.open(claimed.id(), claimed.attempt())) {
			this.jobMetrics.claimed(claimed);
			runAttempt(claimed);
		}
	}

	private void runAttempt(Job claimed) {
		UUID jobId = claimed.id();
		StopSignals.Signal signal = this.stopSignals.register(jobId, claimed.attempt(), leaseLeft(claimed));
		RunningAttempt run = new RunningAttempt(jobId, this.node.owner(), claimed.attempt(), signal);
		try {
			Job job = run.whileLeaseHolds(() -> this.updates.read(jobId));
			if (job.status() == JobStatus.CANCELLING) {
				// cancelled between the claim and now
				signal.raise(StopSignals.Reason.CANCEL);
			}
			train(job, run, signal);
		}
		catch (RuntimeException | OutOfMemoryError | LinkageError ex) {
			Thread.interrupted();
			if (RetryPolicy.causedBy(ex, StaleAttemptException.class)) {
				log.warn("Job {} attempt {} no longer holds its job and stops writing: {}", jobId, run.attempt(),
						ex.getMessage());
				return;
			}
			log.error("Job {} attempt {} failed", jobId, run.attempt(), ex);
			releaseWorkspaces(jobId);
			boolean offHeap = NativeRuntime.isOffHeapExhaustion(ex);
			String reason = offHeap ? offHeapExhausted(claimed, ex) : JobErrors.describe(ex);
			try {
				write(run, (j) -> this.retries.failed(j, ex, reason, now()));
			}
			catch (StaleAttemptException stale) {
				log.warn("Job {} attempt {} was superseded: {}", jobId, run.attempt(), stale.getMessage());
			}
		}
		finally {
			this.stopSignals.unregister(jobId);
			this.bus.runEnded(jobId);
		}
	}

	/**
	 * The reason a job fails with when ND4J could not allocate its arrays off the heap.
	 */
	static String offHeapExhausted(Job job, Throwable ex) {
		return "out of memory: ND4J could not allocate memory off the heap while the job trained (" + offHeapCause(ex)
				+ "); DL4J's estimate for it was about " + ResourceGuards.bytes(job.memoryEstimate())
				+ ". Use a smaller batchSize or model, or give the node more memory (JavaCPP's"
				+ " org.bytedeco.javacpp.maxPhysicalBytes bounds the process's resident memory)";
	}

	private static String offHeapCause(Throwable ex) {
		for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
			if (cause instanceof OutOfMemoryError && NativeRuntime.isOffHeapExhaustion(cause)) {
				return cause.getMessage();
			}
		}
		return JobErrors.describe(ex);
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
		if (claimed.leaseExpiresAt() == null) {
			return this.properties.leaseDuration();
		}
		return Duration.between(now(), claimed.leaseExpiresAt());
	}

	private void train(Job job, RunningAttempt run, StopSignals.Signal signal) {
		UUID jobId = job.id();
		JobSpec spec = this.json.spec(job);
		DatasetInfo dataset = run.whileLeaseHolds(() -> dataset(job));
		CompiledSpec.Settings settings = this.planner.runSettings(spec, dataset);
		DatasetSplit split = run.whileLeaseHolds(() -> this.datasets.split(job.datasetId(),
				settings.validationFraction(), settings.testFraction(), settings.splitSeed()));
		CompiledSpec compiled = this.planner.planRun(spec, dataset, split.train().count()).compiled();
		FeatureScaling scaling = FeatureScaling.fit(settings.normalization(), split.train());
		write(run, (j) -> j.recordScaling(this.json.write(scaling)));
		// the split's rows were read for this job alone: scaling them where they are
		// halves the dataset's heap
		Examples train = scaling.applyInPlace(split.train());
		Examples validation = scaling.applyInPlace(split.validation());
		Examples test = scaling.applyInPlace(split.test());

		TrainingTask.Resume resume = run.whileLeaseHolds(() -> resumePoint(job, run));
		StopConditions.Run stops = run.whileLeaseHolds(() -> this.stopConditions.begin(jobId, settings.stopping()));
		TrainingTask task = new TrainingTask(compiled.configuration(), train, validation, settings.epochs(),
				settings.batchSize(), settings.seed(), resume);
		CheckpointMetric metric = CheckpointMetric.fromSpecName(settings.checkpointMetric());
		log.info("Training job {} (attempt {}): {} training, {} validation, {} test rows, epochs {}..{}", jobId,
				job.attempt(), train.count(), validation.count(), test.count(),
				(resume != null) ? resume.epochsCompleted() + 1 : 1, settings.epochs());

		TrainingOutcome outcome = this.trainer.train(task,
				this.recorder.observer(job, run, settings, metric, stops, scaling));
		Thread.interrupted();
		if (outcome instanceof TrainingOutcome.Completed) {
			succeed(job, run, metric, test, dataset.classNames(), null);
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
				case RUNTIME_LIMIT -> write(run, (j) -> j.fail(stops.runtimeExceeded(epochs), now()));
				case EARLY_STOP -> succeed(job, run, metric, test, dataset.classNames(), stops.stoppedEarly());
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
	private void succeed(Job job, RunningAttempt run, CheckpointMetric metric, Examples test, List<String> classNames,
			String reason) {
		EvaluationResponse evaluation = run.whileLeaseHolds(() -> evaluate(job.id(), metric, test, classNames));
		write(run, (j) -> {
			if (evaluation != null) {
				j.recordEvaluation(this.json.write(evaluation), now());
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
	 * Where an earlier, interrupted attempt got to: the newest intact checkpoint. Metric
	 * rows of later epochs are dropped, since those epochs are trained again.
	 */
	private TrainingTask.Resume resumePoint(Job job, RunningAttempt run) {
		if (job.attempt() <= 1) {
			return null;
		}
		Optional<CheckpointInfo> newest = this.checkpoints.newestIntact(job.id());
		int epoch = newest.map(CheckpointInfo::epoch).orElse(0);
		this.metrics.discardAfter(job.id(), epoch);
		long iterations = job.iterations();
		write(run, (j) -> j.epochDone(epoch, (epoch == 0) ? 0 : iterations, now()));
		return newest.map((c) -> new TrainingTask.Resume(this.checkpoints.verifiedFile(c), c.epoch())).orElse(null);
	}

	private EvaluationResponse evaluate(UUID jobId, CheckpointMetric metric, Examples test, List<String> classNames) {
		if (test.count() == 0) {
			return null;
		}
		CheckpointInfo best = this.checkpoints.best(jobId, metric)
			.orElseThrow(() -> new IllegalStateException("the job finished without a checkpoint"));
		try {
			// the weights are enough to evaluate: reading the updater state too takes as
			// long again
			Accelerations accelerations = this.trainer.accelerations();
			MultiLayerNetwork network = ModelFiles.loadWeights(this.checkpoints.verifiedFile(best), accelerations);
			TestEvaluation evaluation = Evaluator.evaluate(network, test, classNames, accelerations);
			log.info("Job {}: checkpoint of epoch {} scores {} on {} test rows", jobId, best.epoch(),
					evaluation.accuracy(), evaluation.examples());
			return EvaluationResponse.of(best.id(), best.epoch(), evaluation, classNames);
		}
		catch (java.io.IOException ex) {
			throw new java.io.UncheckedIOException("could not load the best checkpoint", ex);
		}
	}

	private DatasetInfo dataset(Job job) {
		return this.datasets.findById(job.datasetId())
			.orElseThrow(() -> new IllegalStateException("the dataset of job " + job.id() + " is gone"));
	}

	/**
	 * Changes the job if this run still holds it, waiting out a brief database outage.
	 */
	private void write(RunningAttempt run, java.util.function.Consumer<Job> change) {
		run.write(this.updates, change);
	}

	private java.time.Instant now() {
		return this.updates.clock().instant();
	}

}
