package dev.kiln.jobs.internal;

import java.util.Optional;
import java.util.UUID;

import dev.kiln.checkpoints.CheckpointInfo;
import dev.kiln.checkpoints.CheckpointMetric;
import dev.kiln.checkpoints.CheckpointService;
import dev.kiln.datasets.DatasetCatalog;
import dev.kiln.datasets.DatasetSplit;
import dev.kiln.engine.EpochResult;
import dev.kiln.engine.Evaluator;
import dev.kiln.engine.Examples;
import dev.kiln.engine.FeatureScaling;
import dev.kiln.engine.ModelFiles;
import dev.kiln.engine.ModelSnapshot;
import dev.kiln.engine.TestEvaluation;
import dev.kiln.engine.Trainer;
import dev.kiln.engine.TrainingObserver;
import dev.kiln.engine.TrainingOutcome;
import dev.kiln.engine.TrainingTask;
import dev.kiln.jobs.JobStatus;
import dev.kiln.metrics.MetricsService;
import dev.kiln.spec.CompiledSpec;
import dev.kiln.spec.JobSpec;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

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

	private final StopConditions stopConditions;

	JobRunner(JobUpdates updates, JobJson json, JobPlanner planner, DatasetCatalog datasets, MetricsService metrics,
			CheckpointService checkpoints, StopSignals stopSignals, Trainer trainer, StopConditions stopConditions) {
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

	void run(UUID jobId) {
		MDC.put("jobId", jobId.toString());
		StopSignals.Signal signal = this.stopSignals.register(jobId);
		try {
			Job job = this.updates.read(jobId);
			if (job.status() == JobStatus.CANCELLING) {
				// cancelled between the claim and now
				signal.raise(StopSignals.Reason.CANCEL);
			}
			train(job, signal);
		}
		catch (RuntimeException | LinkageError ex) {
			log.error("Job {} failed", jobId, ex);
			Thread.interrupted();
			finish(jobId, (j) -> j.fail(describe(ex), now()));
		}
		finally {
			this.stopSignals.unregister(jobId);
			MDC.remove("jobId");
		}
	}

	private void train(Job job, StopSignals.Signal signal) {
		UUID jobId = job.id();
		JobSpec spec = this.json.spec(job);
		CompiledSpec.Settings settings = this.planner.plan(spec).compiled().settings();
		DatasetSplit split = this.datasets.split(job.datasetId(), settings.validationFraction(),
				settings.testFraction(), settings.splitSeed());
		CompiledSpec compiled = this.planner.plan(spec, split.train().count()).compiled();
		FeatureScaling scaling = FeatureScaling.fit(settings.normalization(), split.train());
		this.updates.update(jobId, (j) -> j.recordScaling(this.json.write(scaling)));
		Examples train = scaling.apply(split.train());
		Examples validation = scaling.apply(split.validation());
		Examples test = scaling.apply(split.test());

		TrainingTask.Resume resume = resumePoint(job);
		StopConditions.Run stops = this.stopConditions.begin(jobId, settings.stopping());
		TrainingTask task = new TrainingTask(compiled.configuration(), train, validation, settings.epochs(),
				settings.batchSize(), settings.seed(), resume);
		CheckpointMetric metric = CheckpointMetric.fromSpecName(settings.checkpointMetric());
		log.info("Training job {} (attempt {}): {} training, {} validation, {} test rows, epochs {}..{}", jobId,
				job.attempt(), train.count(), validation.count(), test.count(),
				(resume != null) ? resume.epochsCompleted() + 1 : 1, settings.epochs());

		TrainingOutcome outcome = this.trainer.train(task, new RecordingObserver(job, settings, metric, signal, stops));
		Thread.interrupted();
		if (outcome instanceof TrainingOutcome.Completed) {
			succeed(job, metric, test, null);
		}
		else if (outcome instanceof TrainingOutcome.Diverged diverged) {
			finish(jobId, (j) -> j.fail(
					"diverged at epoch " + diverged.epochsCompleted() + ": the training loss is " + diverged.loss(),
					now()));
		}
		else if (!signal.raised() && stops.runtimeExceeded(outcome.epochsCompleted()) != null) {
			finish(jobId, (j) -> j.fail(stops.runtimeExceeded(outcome.epochsCompleted()), now()));
		}
		else if (!signal.raised() && stops.stoppedEarly() != null) {
			succeed(job, metric, test, stops.stoppedEarly());
		}
		else if (signal.reason() == StopSignals.Reason.SHUTDOWN) {
			finish(jobId, (j) -> j.requeue("Kiln shut down after epoch " + outcome.epochsCompleted()
					+ "; the job resumes from its newest checkpoint", now()));
		}
		else {
			finish(jobId, (j) -> j.cancelled("cancelled after epoch " + outcome.epochsCompleted(), now()));
		}
	}

	/**
	 * Evaluates the best checkpoint and ends the job SUCCEEDED.
	 * @param reason why training ended before its last epoch, or null if it did not
	 */
	private void succeed(Job job, CheckpointMetric metric, Examples test, String reason) {
		EvaluationResponse evaluation = evaluate(job.id(), metric, test, job);
		finish(job.id(), (j) -> {
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
	private TrainingTask.Resume resumePoint(Job job) {
		if (job.attempt() <= 1) {
			return null;
		}
		Optional<CheckpointInfo> newest = this.checkpoints.newestIntact(job.id());
		int epoch = newest.map(CheckpointInfo::epoch).orElse(0);
		this.metrics.discardAfter(job.id(), epoch);
		long iterations = job.iterations();
		this.updates.update(job.id(), (j) -> j.epochDone(epoch, (epoch == 0) ? 0 : iterations, now()));
		return newest.map((c) -> new TrainingTask.Resume(this.checkpoints.verifiedFile(c), c.epoch())).orElse(null);
	}

	private EvaluationResponse evaluate(UUID jobId, CheckpointMetric metric, Examples test, Job job) {
		if (test.count() == 0) {
			return null;
		}
		CheckpointInfo best = this.checkpoints.best(jobId, metric)
			.orElseThrow(() -> new IllegalStateException("the job finished without a checkpoint"));
		try {
			MultiLayerNetwork network = ModelFiles.load(this.checkpoints.verifiedFile(best));
			TestEvaluation evaluation = Evaluator.evaluate(network, test, classNames(job));
			log.info("Job {}: checkpoint of epoch {} scores {} on {} test rows", jobId, best.epoch(),
					evaluation.accuracy(), evaluation.examples());
			return EvaluationResponse.of(best.id(), best.epoch(), evaluation, classNames(job));
		}
		catch (java.io.IOException ex) {
			throw new java.io.UncheckedIOException("could not load the best checkpoint", ex);
		}
	}

	private java.util.List<String> classNames(Job job) {
		return this.datasets.find(job.datasetId().toString())
			.orElseThrow(() -> new IllegalStateException("the job's dataset is gone"))
			.classNames();
	}

	private void finish(UUID jobId, java.util.function.Consumer<Job> change) {
		this.updates.update(jobId, change);
	}

	private java.time.Instant now() {
		return this.updates.clock().instant();
	}

	private static String describe(Throwable ex) {
		String message = ex.getMessage();
		Throwable cause = ex.getCause();
		while ((message == null || message.isBlank()) && cause != null) {
			message = cause.getMessage();
			cause = cause.getCause();
		}
		return ex.getClass().getSimpleName() + ((message != null) ? ": " + message : "");
	}

	/** Records each epoch through the job's modules; runs on the training thread. */
	private final class RecordingObserver implements TrainingObserver {

		private final Job job;

		private final CompiledSpec.Settings settings;

		private final CheckpointMetric metric;

		private final StopSignals.Signal signal;

		private final StopConditions.Run stops;

		RecordingObserver(Job job, CompiledSpec.Settings settings, CheckpointMetric metric, StopSignals.Signal signal,
				StopConditions.Run stops) {
			this.stops = stops;
			this.job = job;
			this.settings = settings;
			this.metric = metric;
			this.signal = signal;
		}

		@Override
		public boolean stopRequested() {
			return this.signal.raised() || this.stops.stopRequested();
		}

		@Override
		public void epochEnded(EpochResult result, ModelSnapshot snapshot) {
			UUID jobId = this.job.id();
			JobRunner.this.metrics.append(jobId, this.job.attempt(), result.epoch(), result.trainLoss(),
					result.validationLoss(), result.validationAccuracy(), result.learningRate(), result.seconds(),
					result.samplesPerSecond());
			boolean finite = Double.isFinite(result.trainLoss());
			// the epoch early stopping ends on is written like a last epoch
			boolean last = this.stops.epochEnded(result);
			boolean due = result.epoch() % this.settings.checkpointEvery() == 0
					|| result.epoch() == this.settings.epochs() || last;
			if (finite && due) {
				JobRunner.this.checkpoints.save(jobId, result.epoch(), result.validationLoss(),
						result.validationAccuracy(), snapshot::writeTo);
				JobRunner.this.checkpoints.applyRetention(jobId, this.metric, this.settings.keepLast());
			}
			JobRunner.this.updates.update(jobId, (j) -> j.epochDone(result.epoch(), result.iterations(), now()));
			log.info("Job {} epoch {}/{}: train loss {}, validation loss {}, accuracy {}, {} samples/s", jobId,
					result.epoch(), this.settings.epochs(), result.trainLoss(), result.validationLoss(),
					result.validationAccuracy(), Math.round(result.samplesPerSecond()));
		}

	}

}
