package dev.kiln.jobs.internal;

import java.time.Instant;
import java.util.UUID;

import dev.kiln.jobs.JobStatus;

/**
 * A job moved from one status to another; published by the job's repository when the job
 * is saved, inside the saving transaction.
 */
record JobStateChanged(UUID jobId, JobStatus from, JobStatus status, String reason, Instant at) {
}
