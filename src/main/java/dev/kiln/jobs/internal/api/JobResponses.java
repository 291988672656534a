package dev.kiln.jobs.internal.api;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import dev.kiln.checkpoints.CheckpointInfo;
import dev.kiln.engine.TrainingProgress;
import dev.kiln.jobs.JobStatus;
import dev.kiln.jobs.internal.lifecycle.EvaluationResponse;
import dev.kiln.jobs.internal.lifecycle.Job;
import dev.kiln.jobs.internal.lifecycle.JobAttempt;
import dev.kiln.jobs.internal.lifecycle.JobTransition;
import dev.kiln.metrics.EpochMetrics;
import dev.kiln.spec.CompiledSpec;
import dev.kiln.spec.JobSpec;
import dev.kiln.spec.LayerSummary;
import io.swagger.v3.oas.annotations.media.Schema;

/**
 * The JSON shapes of the jobs API.
 */
public final class JobResponses {

	private JobResponses() {
	}

	@Schema(description = "A training job")
	public record JobResponse(UUID id, String name, JobStatus status, UUID datasetId,
			@Schema(description = "Epochs finished so far") int epoch,
			@Schema(description = "Epochs asked for") int epochs,
			@Schema(description = "While it trains, the latest progress report (as the events stream's progress "
					+ "events); null otherwise, and on nodes other than the one training it") TrainingProgress progress,
			@Schema(description = "Minibatches trained so far") long iterations,
			@Schema(description = "How many times a worker has started the job; not all of them count against "
					+ "kiln.jobs.max-attempts (see attempts)") int attempt,
			@Schema(description = "Why the job failed") String error,
			@Schema(description = "While it is QUEUED: what it waits for, such as a free worker or, when no live "
					+ "node can serve its device, \"no live node has a GPU\"; null otherwise") String waitingFor,
			Instant createdAt, Instant startedAt, Instant finishedAt, Instant updatedAt,
			@Schema(description = "The best checkpoint so far, by the job's checkpoint metric") CheckpointInfo bestCheckpoint,
			@Schema(description = "The best checkpoint's evaluation on the test split, once the job succeeded") EvaluationResponse evaluation,
			List<TransitionResponse> transitions,
			@Schema(description = "Every run of the job: which node ran it, when, and how it ended") List<AttemptResponse> attempts,
			@Schema(description = "The spec as submitted") JobSpec spec) {
	}

	@Schema(description = "One run of a job")
	public record AttemptResponse(int attempt, @Schema(description = "<node>/<process> that ran it") String node,
			Instant startedAt, Instant endedAt,
			@Schema(description = "succeeded, failed, cancelled or interrupted; null while it runs") String outcome,
			String reason,
			@Schema(description = "Whether it used up one of the job's attempts (kiln.jobs.max-attempts): a failure "
					+ "does, an interruption before any new checkpoint does, a shutdown or an interruption after a new "
					+ "checkpoint does not; null while it runs") Boolean counted,
			@Schema(description = "Why it counted or not, such as \"interrupted after reaching checkpoint of epoch 4: "
					+ "does not count\" or \"interrupted before any new checkpoint: counts (2 of 3)\"; null while it "
					+ "runs and for the attempt that succeeded or was cancelled") String countReason) {

		static AttemptResponse of(JobAttempt attempt) {
			return new AttemptResponse(attempt.attempt(), attempt.owner(), attempt.startedAt(), attempt.endedAt(),
					(attempt.outcome() != null) ? attempt.outcome().word() : null, attempt.reason(), attempt.counted(),
					attempt.countReason());
		}

	}

	@Schema(description = "A job in a list")
	record JobSummary(UUID id, String name, JobStatus status, UUID datasetId, int epoch, int epochs, double progress,
			String error, Instant createdAt, Instant startedAt, Instant finishedAt) {

		static JobSummary of(Job job) {
			return new JobSummary(job.id(), job.name(), job.status(), job.datasetId(), job.currentEpoch(),
					job.totalEpochs(), JobResponses.progress(job), job.error(), job.createdAt(), job.startedAt(),
					job.finishedAt());
		}

	}

	@Schema(description = "One recorded change of a job's status")
	public record TransitionResponse(JobStatus from, JobStatus to, String reason, Instant at) {

		static TransitionResponse of(JobTransition transition) {
			return new TransitionResponse(transition.fromStatus(), transition.toStatus(), transition.reason(),
					transition.at());
		}

	}

	@Schema(description = "What a job would train, without queueing it")
	record DryRunResponse(boolean valid, UUID datasetId, List<LayerSummary> layers, long parameters,
			@Schema(description = "Training memory for one minibatch, in bytes") long estimatedMemoryBytes,
			@Schema(description = "The training settings with every default applied") CompiledSpec.Settings settings) {
	}

	@Schema(description = "A job's per-epoch metrics, oldest first")
	record MetricsResponse(UUID jobId, List<EpochMetrics> items) {
	}

	@Schema(description = "A job's checkpoints, oldest first")
	record CheckpointsResponse(UUID jobId, UUID bestCheckpointId, List<CheckpointInfo> items) {
	}

	static double progress(Job job) {
		return (job.totalEpochs() == 0) ? 0 : (double) job.currentEpoch() / job.totalEpochs();
	}

}
