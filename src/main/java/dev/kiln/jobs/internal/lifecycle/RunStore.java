package dev.kiln.jobs.internal.lifecycle;

import java.time.Clock;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * A run's reads and fenced writes of its own job ({@link JobUpdates} in the application).
 */
public interface RunStore {

	Clock clock();

	Job read(UUID jobId);

	/**
	 * Applies {@code change} (and {@code alsoInTransaction}) if attempt {@code attempt}
	 * of {@code owner} still holds the job.
	 * @throws dev.kiln.jobs.StaleAttemptException if it no longer does
	 */
	Job fenced(UUID jobId, String owner, int attempt, Consumer<Job> change, Runnable alsoInTransaction);

}
