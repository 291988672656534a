package dev.kiln.jobs.internal.run;

import dev.kiln.jobs.internal.lifecycle.Job;

/**
 * How {@link JobRunner} has an attempt prepared: its data, its network, where it resumes
 * ({@link RunPreparer}).
 */
interface RunPreparation {

	PreparedRun prepare(Job job, RunningAttempt run);

}
