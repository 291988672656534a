package dev.kiln.jobs.internal.lifecycle;

import java.time.Instant;
import java.util.UUID;

import dev.kiln.checkpoints.CheckpointMetric;

/** Jobs in a given state, for unit tests of what acts on them. */
public final class TestJobs {

	/** When every job here was submitted. */
	public static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

	private TestJobs() {
	}

	/** A job of 10 epochs just submitted at {@link #T0}. */
	public static Job aQueuedJob() {
		return new Job(UUID.randomUUID(), UUID.randomUUID(), "test", UUID.randomUUID(), "{}", 10,
				CheckpointMetric.VALIDATION_LOSS, T0);
	}

	/** {@link #aQueuedJob()}, claimed a second later by {@code node/1} (attempt 1). */
	public static Job aRunningJob() {
		Job job = aQueuedJob();
		job.start("node/1", T0.plusSeconds(31), T0.plusSeconds(1));
		return job;
	}

}
