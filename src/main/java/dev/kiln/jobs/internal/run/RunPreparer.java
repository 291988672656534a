package dev.kiln.jobs.internal.run;

import java.util.Optional;

import dev.kiln.checkpoints.CheckpointInfo;
import dev.kiln.checkpoints.CheckpointMetric;
import dev.kiln.checkpoints.CheckpointService;
import dev.kiln.datasets.DatasetCatalog;
import dev.kiln.datasets.DatasetInfo;
import dev.kiln.datasets.DatasetSplit;
import dev.kiln.engine.Examples;
import dev.kiln.engine.FeatureScaling;
import dev.kiln.engine.TrainingTask;
import dev.kiln.jobs.internal.lifecycle.Job;
import dev.kiln.jobs.internal.lifecycle.JobJson;
import dev.kiln.jobs.internal.lifecycle.RunStore;
import dev.kiln.jobs.internal.plan.JobPlanner;
import dev.kiln.metrics.MetricsService;
import dev.kiln.spec.CompiledSpec;
import dev.kiln.spec.JobSpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.stereotype.Component;

/**
 * Prepares one attempt of a job: its settings and split, the feature scaling fitted on
 * the training rows (and stored with the job), the network compiled once for the split's
 * size, and where an earlier attempt got to. Every database call waits out a brief outage
 * within the run's lease.
 */
@Component
class RunPreparer implements RunPreparation {

	private static final Logger log = LoggerFactory.getLogger(RunPreparer.class);

	private final RunStore store;

	private final JobJson json;

	private final JobPlanner planner;

	private final DatasetCatalog datasets;

	private final MetricsService metrics;

	private final CheckpointService checkpoints;

	private final StopConditions stopConditions;

	private final EpochRecorder recorder;

	RunPreparer(RunStore store, JobJson json, JobPlanner planner, DatasetCatalog datasets, MetricsService metrics,
			CheckpointService checkpoints, StopConditions stopConditions, EpochRecorder recorder) {
		this.store = store;
		this.json = json;
		this.planner = planner;
		this.datasets = datasets;
		this.metrics = metrics;
		this.checkpoints = checkpoints;
		this.stopConditions = stopConditions;
		this.recorder = recorder;
	}

	@Override
	public PreparedRun prepare(Job job, RunningAttempt run) {
		JobSpec spec = this.json.spec(job);
		DatasetInfo dataset = run.whileLeaseHolds(() -> this.datasets.findById(job.datasetId())
			.orElseThrow(() -> new IllegalStateException("the dataset of job " + job.id() + " is gone")));
		CompiledSpec.Settings settings = this.planner.runSettings(spec, dataset);
		DatasetSplit split = run.whileLeaseHolds(() -> this.datasets.split(job.datasetId(),
				settings.validationFraction(), settings.testFraction(), settings.splitSeed()));
		CompiledSpec compiled = this.planner.planRun(spec, dataset, split.train().count()).compiled();
		FeatureScaling scaling = FeatureScaling.fit(settings.normalization(), split.train());
		run.write(this.store, (j) -> j.recordScaling(this.json.write(scaling)));
		// the split's rows were read for this job alone: scaling them where they are
		// halves the dataset's heap
		Examples train = scaling.applyInPlace(split.train());
		Examples validation = scaling.applyInPlace(split.validation());
		Examples test = scaling.applyInPlace(split.test());

		TrainingTask.Resume resume = run.whileLeaseHolds(() -> resumePoint(job, run));
		StopConditions.Run stops = run.whileLeaseHolds(() -> this.stopConditions.begin(job.id(), settings.stopping()));
		TrainingTask task = new TrainingTask(compiled.configuration(), train, validation, settings.epochs(),
				settings.batchSize(), settings.seed(), resume);
		CheckpointMetric metric = CheckpointMetric.fromSpecName(settings.checkpointMetric());
		log.info("Training job {} (attempt {}): {} training, {} validation, {} test rows, epochs {}..{}", job.id(),
				job.attempt(), train.count(), validation.count(), test.count(),
				(resume != null) ? resume.epochsCompleted() + 1 : 1, settings.epochs());
		return new PreparedRun(task, this.recorder.observer(job, run, settings, metric, stops, scaling), stops, metric,
				test, dataset.classNames());
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
		run.write(this.store, (j) -> j.epochDone(epoch, (epoch == 0) ? 0 : iterations, this.store.clock().instant()));
		return newest.map((c) -> new TrainingTask.Resume(this.checkpoints.verifiedFile(c), c.epoch())).orElse(null);
	}

}
