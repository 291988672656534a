package dev.kiln.jobs.internal.lifecycle;

import java.time.Instant;
import java.util.UUID;

import dev.kiln.jobs.JobStatus;

/**
 * A job moved from one status to another; published by the job's repository when the job
 * is saved, inside the saving transaction.
 */
public record JobStateChanged(UUID jobId, JobStatus from, JobStatus status, String reason, Instant at) {
}
