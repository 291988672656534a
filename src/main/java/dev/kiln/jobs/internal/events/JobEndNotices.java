package dev.kiln.jobs.internal.events;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

import dev.kiln.checkpoints.CheckpointInfo;
import dev.kiln.checkpoints.CheckpointService;
import dev.kiln.jobs.JobStatus;
import dev.kiln.jobs.internal.lifecycle.EvaluationResponse;
import dev.kiln.jobs.internal.lifecycle.Job;
import dev.kiln.jobs.internal.lifecycle.JobJson;
import dev.kiln.jobs.internal.lifecycle.JobRepository;
import dev.kiln.jobs.internal.lifecycle.JobStateChanged;
import dev.kiln.spec.JobSpec;
import dev.kiln.webhooks.JobNotice;
import dev.kiln.webhooks.JobNotices;

import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Hands a job that has just ended to the webhooks module, when its spec names a callback.
 * Listens to the job's state changes, which are published in the transaction that writes
 * them, so the notice is stored with the final state or not at all; sending happens
 * elsewhere, later.
 */
@Component
class JobEndNotices {

	private final JobRepository jobs;

	private final JobNotices notices;

	private final JobJson json;

	private final CheckpointService checkpoints;

	JobEndNotices(JobRepository jobs, JobNotices notices, JobJson json, CheckpointService checkpoints) {
		this.jobs = jobs;
		this.notices = notices;
		this.json = json;
		this.checkpoints = checkpoints;
	}

	/** The job as a notice shows it. */
	record NoticeJob(UUID id, String name, JobStatus status, String error, UUID datasetId, int epoch, int totalEpochs,
			int attempt, Instant createdAt, Instant startedAt, Instant finishedAt, CheckpointInfo bestCheckpoint,
			EvaluationSummary evaluation) {
	}

	/** The test evaluation's headline; GET /api/v1/jobs/{id}/evaluation has the rest. */
	record EvaluationSummary(UUID checkpointId, int checkpointEpoch, int examples, double accuracy) {
	}

	/** A move into a final state (there is none out of one) ends the job. */
	@EventListener
	void on(JobStateChanged change) {
		if (change.status().isTerminal()) {
			ended(this.jobs.findById(change.jobId())
				.orElseThrow(() -> new IllegalStateException("job " + change.jobId() + " vanished")));
		}
	}

	private void ended(Job job) {
		JobSpec spec = this.json.spec(job);
		if (spec.callback() == null || spec.callback().url() == null) {
			return;
		}
		EvaluationResponse evaluation = this.json.evaluation(job);
		CheckpointInfo best = this.checkpoints.best(job.id(), job.checkpointMetric()).orElse(null);
		NoticeJob shown = new NoticeJob(job.id(), job.name(), job.status(), job.error(), job.datasetId(),
				job.currentEpoch(), job.totalEpochs(), job.attempt(), stored(job.createdAt()), stored(job.startedAt()),
				stored(job.finishedAt()), best, (evaluation != null) ? new EvaluationSummary(evaluation.checkpointId(),
						evaluation.checkpointEpoch(), evaluation.examples(), evaluation.accuracy()) : null);
		Instant at = stored((job.finishedAt() != null) ? job.finishedAt() : job.updatedAt());
		this.notices
			.enqueue(new JobNotice(job.id(), job.tenantId(), spec.callback().url(), type(job.status()), shown, at));
	}

	/**
	 * As the database keeps it (rounded to the microsecond), so that the notice agrees
	 * with what the API shows.
	 */
	private static Instant stored(Instant instant) {
		return (instant != null) ? instant.plusNanos(500).truncatedTo(ChronoUnit.MICROS) : null;
	}

	private static String type(JobStatus status) {
		return switch (status) {
			case SUCCEEDED -> "job.succeeded";
			case FAILED -> "job.failed";
			case CANCELLED -> "job.cancelled";
			default -> throw new IllegalArgumentException("not an ended state: " + status);
		};
	}

}
