package dev.kiln.jobs.internal.run;

import java.util.UUID;
import java.util.function.Supplier;

import dev.kiln.engine.StopReason;
import dev.kiln.jobs.StaleAttemptException;
import dev.kiln.web.DatabaseOutages;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How a training run meets a database it cannot reach (stopped, restarting, cut off): its
 * call is tried again after a short wait, for as long as the run's lease surely holds, so
 * that a brief outage only pauses training. Once the lease may have run out (another node
 * may recover the job), or when Kiln shuts down meanwhile, the run stops as one that no
 * longer holds its job: it writes nothing more, and the job resumes from its newest
 * checkpoint.
 */
final class OutageWaits {

	private static final Logger log = LoggerFactory.getLogger(OutageWaits.class);

	private static final long FIRST_WAIT_MILLIS = 50;

	private static final long LONGEST_WAIT_MILLIS = 1000;

	private OutageWaits() {
	}

	/**
	 * The result of {@code call}, made for attempt {@code attempt} of job {@code jobId},
	 * whose lease and stop requests {@code signal} knows.
	 * @throws StaleAttemptException if the database could not be reached before the lease
	 * ran out, or before a shutdown
	 */
	static <T> T whileLeaseHolds(UUID jobId, int attempt, StopSignals.Signal signal, Supplier<T> call) {
		long waitMillis = FIRST_WAIT_MILLIS;
		long outageStarted = 0;
		while (true) {
			try {
				T result = call.get();
				if (outageStarted != 0) {
					log.info("Job {} attempt {}: the database answers again after {} ms; training goes on", jobId,
							attempt, (System.nanoTime() - outageStarted) / 1_000_000);
				}
				return result;
			}
			catch (RuntimeException ex) {
				if (!DatabaseOutages.isOutage(ex)) {
					throw ex;
				}
				long leftNanos = signal.leaseLeftNanos();
				if (outageStarted == 0) {
					outageStarted = System.nanoTime();
					log.warn(
							"Job {} attempt {}: the database cannot be reached ({}); waiting for it, for {} ms at most"
									+ " (the lease)",
							jobId, attempt, ex.toString(), Math.max(0, leftNanos / 1_000_000));
				}
				if (leftNanos <= 0 || signal.reason() == StopReason.SUPERSEDED) {
					signal.raise(StopReason.SUPERSEDED);
					throw new StaleAttemptException("attempt " + attempt + " of job " + jobId
							+ " could not reach the database before its lease ran out");
				}
				if (signal.reason() == StopReason.SHUTDOWN) {
					throw new StaleAttemptException("attempt " + attempt + " of job " + jobId
							+ " could not reach the database while Kiln shut down; the job resumes later");
				}
				try {
					Thread.sleep(Math.min(waitMillis, Math.max(1, leftNanos / 1_000_000)));
				}
				catch (InterruptedException interrupted) {
					Thread.currentThread().interrupt();
					throw new StaleAttemptException("attempt " + attempt + " of job " + jobId
							+ " was interrupted while it waited for the database");
				}
				waitMillis = Math.min(waitMillis * 2, LONGEST_WAIT_MILLIS);
			}
		}
	}

}
