package dev.kiln.jobs.internal.run;

import java.util.UUID;

import org.slf4j.MDC;

/**
 * Puts a job's id and attempt in the SLF4J MDC of the thread that runs it, so every line
 * logged on that thread while the job runs (Kiln's own and DL4J's) carries them: in the
 * console pattern ({@code logging.pattern.correlation}) and as {@code jobId} and
 * {@code attempt} fields of structured (JSON) logs. Closing it removes them, also when
 * the run failed.
 */
final class JobLogContext implements AutoCloseable {

	static final String JOB_ID = "jobId";

	static final String ATTEMPT = "attempt";

	private JobLogContext(UUID jobId, int attempt) {
		MDC.put(JOB_ID, jobId.toString());
		MDC.put(ATTEMPT, Integer.toString(attempt));
	}

	static JobLogContext open(UUID jobId, int attempt) {
		return new JobLogContext(jobId, attempt);
	}

	@Override
	public void close() {
		MDC.remove(JOB_ID);
		MDC.remove(ATTEMPT);
	}

}
