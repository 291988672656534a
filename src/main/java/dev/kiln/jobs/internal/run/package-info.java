/**
 * One attempt of one job, on its worker thread: prepared once ({@code RunPreparer}),
 * trained by the engine with every epoch recorded ({@code EpochRecorder}), stopped by a
 * signal or the spec's own conditions, and ended by {@code JobRunner}, which only moves
 * the job's state; a failure goes to the one {@code RetryPolicy}, shared with lease
 * recovery.
 */
package dev.kiln.jobs.internal.run;
