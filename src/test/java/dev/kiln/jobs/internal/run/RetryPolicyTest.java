package dev.kiln.jobs.internal.run;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.OptionalInt;

import dev.kiln.jobs.JobStatus;
import dev.kiln.jobs.JobsProperties;
import dev.kiln.jobs.internal.lifecycle.Job;
import dev.kiln.jobs.internal.lifecycle.Setback;
import dev.kiln.jobs.internal.lifecycle.TestJobs;
import org.junit.jupiter.api.Test;

import static dev.kiln.jobs.internal.lifecycle.TestJobs.aRunningJob;
import static org.assertj.core.api.Assertions.assertThat;

class RetryPolicyTest {

	private static final Instant LATER = TestJobs.T0.plusSeconds(20);

	private final RetryPolicy twoAttempts = new RetryPolicy(new JobsProperties(1, Duration.ofSeconds(1),
			Duration.ofSeconds(30), Duration.ofSeconds(30), Duration.ofSeconds(5), 2));

	@Test
	void aFailureOfTheMachineIsRetriedWhileAttemptsRemain() {
		Job job = aRunningJob();
		this.twoAttempts.failed(job, new UncheckedIOException(new IOException("disk gone")), LATER);
		assertThat(job.status()).isEqualTo(JobStatus.QUEUED);

		job.start("node/1", LATER.plusSeconds(30), LATER.plusSeconds(1));
		this.twoAttempts.failed(job, new UncheckedIOException(new IOException("disk gone")), LATER.plusSeconds(2));
		assertThat(job.status()).isEqualTo(JobStatus.FAILED);
		assertThat(job.error()).contains("gave up after 2 counted attempts").contains("disk gone");
	}

	@Test
	void aSpecOrDataErrorFailsAtOnce() {
		Job job = aRunningJob();
		this.twoAttempts.failed(job, new IllegalArgumentException("row 3 has label 7"), LATER);
		assertThat(job.status()).isEqualTo(JobStatus.FAILED);
		assertThat(job.error()).isEqualTo("row 3 has label 7");
	}

	@Test
	void runningOutOfMemoryOffTheHeapFailsAtOnceAndOnTheHeapIsRetried() {
		Job offHeap = aRunningJob();
		this.twoAttempts.failed(offHeap,
				new OutOfMemoryError("Cannot allocate new FloatPointer(100): totalBytes = 1, physicalBytes = 2"),
				LATER);
		assertThat(offHeap.status()).isEqualTo(JobStatus.FAILED);
		assertThat(offHeap.error()).isEqualTo("out of memory: ND4J could not allocate memory off the heap while the"
				+ " job trained (Cannot allocate new FloatPointer(100): totalBytes = 1, physicalBytes = 2); DL4J's"
				+ " estimate for it was about 0 bytes (0.0 GiB). Use a smaller batchSize or model, or give the node more memory"
				+ " (JavaCPP's org.bytedeco.javacpp.maxPhysicalBytes bounds the process's resident memory)");

		Job onHeap = aRunningJob();
		this.twoAttempts.failed(onHeap, new OutOfMemoryError("Java heap space"), LATER);
		assertThat(onHeap.status()).isEqualTo(JobStatus.QUEUED);
		assertThat(onHeap.attempts().get(0).reason())
			.isEqualTo("attempt 1 failed: out of memory: Java heap space; retrying");
	}

	@Test
	void anInterruptionCostsAnAttemptOnlyWithoutANewCheckpoint() {
		Job job = aRunningJob();
		Instant at = LATER;
		for (int attempt = 1; attempt <= 3; attempt++) {
			this.twoAttempts.setback(job, Setback.interrupted("node/1 stopped", OptionalInt.of(attempt)), at);
			assertThat(job.status()).as("after interruption %d", attempt).isEqualTo(JobStatus.QUEUED);
			job.start("node/1", at.plusSeconds(35), at.plusSeconds(5));
			at = at.plusSeconds(10);
		}
		this.twoAttempts.setback(job, Setback.interrupted("node/1 stopped", OptionalInt.empty()), at);
		assertThat(job.status()).isEqualTo(JobStatus.QUEUED);
		job.start("node/1", at.plusSeconds(35), at.plusSeconds(5));
		this.twoAttempts.setback(job, Setback.interrupted("node/1 stopped", OptionalInt.empty()), at.plusSeconds(10));
		assertThat(job.status()).isEqualTo(JobStatus.FAILED);
	}

}
