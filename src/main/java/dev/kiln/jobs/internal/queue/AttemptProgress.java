package dev.kiln.jobs.internal.queue;

import java.util.OptionalInt;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import dev.kiln.checkpoints.CheckpointInfo;
import dev.kiln.checkpoints.CheckpointService;
import dev.kiln.metrics.EpochMetrics;
import dev.kiln.metrics.MetricsService;

import org.springframework.stereotype.Component;

/**
 * How far an attempt got, read from the database, so that whichever node recovers a job
 * after a crash can tell. A checkpoint row names no attempt, but it commits in the same
 * transaction as its epoch's metrics row, which does; and before an attempt trains the
 * epochs after the checkpoint it resumes from, their old metrics rows are discarded. So a
 * checkpoint whose epoch's metrics row names attempt N was written by attempt N, past the
 * point it resumed from.
 */
@Component
class AttemptProgress {

	private final CheckpointService checkpoints;

	private final MetricsService metrics;

	AttemptProgress(CheckpointService checkpoints, MetricsService metrics) {
		this.checkpoints = checkpoints;
		this.metrics = metrics;
	}

	/**
	 * The epoch of the newest checkpoint attempt {@code attempt} of the job wrote that
	 * still exists (retention may have removed its others), or empty if none.
	 */
	OptionalInt newCheckpoint(UUID jobId, int attempt) {
		Set<Integer> epochsOfAttempt = this.metrics.forJob(jobId)
			.stream()
			.filter((row) -> row.attempt() == attempt)
			.map(EpochMetrics::epoch)
			.collect(Collectors.toSet());
		return this.checkpoints.forJob(jobId)
			.stream()
			.mapToInt(CheckpointInfo::epoch)
			.filter(epochsOfAttempt::contains)
			.max();
	}

}
