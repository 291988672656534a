package dev.kiln.jobs.internal.run;

import java.time.Instant;

import dev.kiln.checkpoints.CorruptCheckpointException;
import dev.kiln.engine.NativeRuntime;
import dev.kiln.jobs.JobsProperties;
import dev.kiln.jobs.internal.lifecycle.Job;
import dev.kiln.jobs.internal.lifecycle.Setback;
import dev.kiln.jobs.internal.plan.ResourceGuards;
import dev.kiln.web.DatabaseOutages;

import org.springframework.stereotype.Component;

/**
 * The one rule for an attempt that did not finish its job, for the runner (an attempt
 * that failed) and for lease recovery (an attempt whose node vanished) alike: what it
 * costs the job's {@code kiln.jobs.max-attempts}, and whether the job goes back to the
 * queue or fails. {@link Job#setback} keeps the count.
 */
@Component
public class RetryPolicy {

	private final JobsProperties properties;

	RetryPolicy(JobsProperties properties) {
		this.properties = properties;
	}

	/**
	 * The attempt stopped for {@code setback}: the job is requeued, or failed once the
	 * attempts it used up reach the limit.
	 */
	public void setback(Job job, Setback setback, Instant now) {
		job.setback(setback, this.properties.maxAttempts(), now);
	}

	/**
	 * The attempt failed with {@code failure}. A failure of the machine (I/O, memory, the
	 * database, a corrupt checkpoint) counts against the job's attempts and is retried
	 * while some remain; a spec or data error fails the job at once, and so does ND4J
	 * running out of memory off the heap: the node admitted the job on its estimate, and
	 * another attempt on the same limits would fail the same way.
	 */
	public void failed(Job job, Throwable failure, Instant now) {
		if (NativeRuntime.isOffHeapExhaustion(failure)) {
			job.fail(offHeapExhausted(job, failure), now);
		}
		else if (isInfrastructureFailure(failure)) {
			setback(job, Setback.failed(JobErrors.describe(failure)), now);
		}
		else {
			job.fail(JobErrors.describe(failure), now);
		}
	}

	/**
	 * The reason a job fails with when ND4J could not allocate its arrays off the heap.
	 */
	static String offHeapExhausted(Job job, Throwable ex) {
		return "out of memory: ND4J could not allocate memory off the heap while the job trained (" + offHeapCause(ex)
				+ "); DL4J's estimate for it was about " + ResourceGuards.bytes(job.memoryEstimate())
				+ ". Use a smaller batchSize or model, or give the node more memory (JavaCPP's"
				+ " org.bytedeco.javacpp.maxPhysicalBytes bounds the process's resident memory)";
	}

	private static String offHeapCause(Throwable ex) {
		for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
			if (cause instanceof OutOfMemoryError && NativeRuntime.isOffHeapExhaustion(cause)) {
				return cause.getMessage();
			}
		}
		return JobErrors.describe(ex);
	}

	/**
	 * Out of memory, I/O and database failures, a corrupt checkpoint: not the spec's or
	 * the data's fault.
	 */
	static boolean isInfrastructureFailure(Throwable ex) {
		return causedBy(ex, OutOfMemoryError.class) || causedBy(ex, java.io.IOException.class)
				|| causedBy(ex, java.io.UncheckedIOException.class) || causedBy(ex, CorruptCheckpointException.class)
				|| causedBy(ex, org.springframework.dao.TransientDataAccessException.class)
				|| DatabaseOutages.isOutage(ex);
	}

	static boolean causedBy(Throwable ex, Class<? extends Throwable> type) {
		for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
			if (type.isInstance(cause)) {
				return true;
			}
		}
		return false;
	}

}
