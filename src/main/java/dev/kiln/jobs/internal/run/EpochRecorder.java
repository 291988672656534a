package dev.kiln.jobs.internal.run;

import java.util.UUID;

import dev.kiln.checkpoints.CheckpointMetric;
import dev.kiln.checkpoints.CheckpointService;
import dev.kiln.checkpoints.StagedCheckpoint;
import dev.kiln.engine.EpochResult;
import dev.kiln.engine.FeatureScaling;
import dev.kiln.engine.ModelSnapshot;
import dev.kiln.engine.StopReason;
import dev.kiln.engine.TrainingObserver;
import dev.kiln.engine.TrainingProgress;
import dev.kiln.jobs.internal.events.JobEventBus;
import dev.kiln.jobs.internal.events.JobEventRecorder;
import dev.kiln.jobs.internal.events.JobMetrics;
import dev.kiln.jobs.internal.lifecycle.Job;
import dev.kiln.jobs.internal.lifecycle.RunStore;
import dev.kiln.metrics.EpochMetrics;
import dev.kiln.metrics.MetricsService;
import dev.kiln.spec.CompiledSpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.stereotype.Component;

/**
 * Records a running job's epochs through the job's modules: its metrics row, its
 * checkpoint and their retention, its progress, its live events. Gives each run the
 * engine's {@link TrainingObserver}, which also tells the engine when and why to stop.
 */
@Component
class EpochRecorder {

	private static final Logger log = LoggerFactory.getLogger(EpochRecorder.class);

	private final RunStore updates;

	private final MetricsService metrics;

	private final CheckpointService checkpoints;

	private final JobEventRecorder events;

	private final JobEventBus bus;

	private final JobMetrics jobMetrics;

	EpochRecorder(RunStore updates, MetricsService metrics, CheckpointService checkpoints, JobEventRecorder events,
			JobEventBus bus, JobMetrics jobMetrics) {
		this.updates = updates;
		this.metrics = metrics;
		this.checkpoints = checkpoints;
		this.events = events;
		this.bus = bus;
		this.jobMetrics = jobMetrics;
	}

	/**
	 * The observer of one run of {@code job}.
	 * @param scaling written into every checkpoint, for whoever opens it without Kiln
	 */
	TrainingObserver observer(Job job, RunningAttempt run, CompiledSpec.Settings settings, CheckpointMetric metric,
			StopConditions.Run stops, FeatureScaling scaling) {
		return new Observer(job.id(), run, settings, metric, stops, scaling);
	}

	/** Whether a run must stop: a signal was raised, or the spec's conditions say so. */
	static boolean stopRequested(StopSignals.Signal signal, StopConditions.Run stops) {
		return signal.raised() || stops.stopRequested();
	}

	/**
	 * Why a run stops: a signal (a lost lease, a cancel, a shutdown, in that order, see
	 * {@link StopSignals.Signal#raise}) outranks the spec's own conditions
	 * ({@link StopConditions}).
	 */
	static StopReason stopReason(StopSignals.Signal signal, StopConditions.Run stops) {
		return (signal.reason() != null) ? signal.reason() : stops.reason();
	}

	/** Runs on the training thread. */
	private final class Observer implements TrainingObserver {

		private final UUID jobId;

		private final RunningAttempt run;

		private final CompiledSpec.Settings settings;

		private final CheckpointMetric metric;

		private final StopConditions.Run stops;

		private final FeatureScaling scaling;

		Observer(UUID jobId, RunningAttempt run, CompiledSpec.Settings settings, CheckpointMetric metric,
				StopConditions.Run stops, FeatureScaling scaling) {
			this.jobId = jobId;
			this.run = run;
			this.settings = settings;
			this.metric = metric;
			this.stops = stops;
			this.scaling = scaling;
		}

		@Override
		public boolean stopRequested() {
			return EpochRecorder.stopRequested(this.run.signal(), this.stops);
		}

		@Override
		public StopReason stopReason() {
			return EpochRecorder.stopReason(this.run.signal(), this.stops);
		}

		/** Hands the report to the event bus, which publishes it on its own thread. */
		@Override
		public void progress(TrainingProgress progress) {
			EpochRecorder.this.bus.progress(this.jobId, progress);
		}

		/**
		 * The checkpoint file is written first, outside any transaction; its row, the
		 * metrics row and the job's progress then commit together, and only if this run
		 * still holds the job.
		 */
		@Override
		public void epochEnded(EpochResult result, ModelSnapshot snapshot) {
			boolean finite = Double.isFinite(result.trainLoss());
			// the epoch early stopping ends on is written like a last epoch
			boolean last = this.stops.epochEnded(result);
			boolean due = result.epoch() % this.settings.checkpointEvery() == 0
					|| result.epoch() == this.settings.epochs() || last;
			StagedCheckpoint staged = (finite && due) ? EpochRecorder.this.checkpoints.stage(this.jobId, result.epoch(),
					(path) -> snapshot.writeTo(path, this.scaling)) : null;
			try {
				this.run.write(EpochRecorder.this.updates, (job) -> record(job, result, staged));
			}
			catch (RuntimeException ex) {
				if (staged != null) {
					EpochRecorder.this.checkpoints.discard(staged);
				}
				throw ex;
			}
			if (staged != null) {
				this.run.whileLeaseHolds(() -> EpochRecorder.this.checkpoints.applyRetention(this.jobId, this.metric,
						this.settings.keepLast()));
			}
			EpochRecorder.this.jobMetrics.epochEnded(result);
			log.info("Job {} epoch {}/{}: train loss {}, validation loss {}, accuracy {}, {} samples/s", this.jobId,
					result.epoch(), this.settings.epochs(), result.trainLoss(), result.validationLoss(),
					result.validationAccuracy(), Math.round(result.samplesPerSecond()));
		}

		/**
		 * The epoch's rows and the job's progress, in the fenced update's transaction.
		 */
		private void record(Job job, EpochResult result, StagedCheckpoint staged) {
			if (job.currentEpoch() >= result.epoch()) {
				// an earlier try committed, but its answer was lost with the connection
				return;
			}
			EpochMetrics recorded = EpochRecorder.this.metrics.append(this.jobId, this.run.attempt(), result.epoch(),
					result.trainLoss(), result.validationLoss(), result.validationAccuracy(), result.learningRate(),
					result.seconds(), result.samplesPerSecond());
			EpochRecorder.this.events.epochRecorded(this.jobId, recorded);
			if (staged != null) {
				EpochRecorder.this.checkpoints.record(staged, result.validationLoss(), result.validationAccuracy());
			}
			job.epochDone(result.epoch(), result.iterations(), EpochRecorder.this.updates.clock().instant());
		}

	}

}
