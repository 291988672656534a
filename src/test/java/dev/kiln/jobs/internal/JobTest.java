package dev.kiln.jobs.internal;

import java.time.Instant;
import java.util.UUID;

import dev.kiln.jobs.IllegalJobStateChangeException;
import dev.kiln.jobs.JobStatus;
import dev.kiln.jobs.StaleAttemptException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class JobTest {

	private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

	private static Job aQueuedJob() {
		return new Job(UUID.randomUUID(), UUID.randomUUID(), "test", UUID.randomUUID(), "{}", 10, "validationLoss", T0);
	}

	private static Job aRunningJob() {
		Job job = aQueuedJob();
		job.start("node/1", T0.plusSeconds(31), T0.plusSeconds(1));
		return job;
	}

	@Test
	void aNewJobIsQueuedWithItsSubmissionRecorded() {
		Job job = aQueuedJob();
		assertThat(job.status()).isEqualTo(JobStatus.QUEUED);
		assertThat(job.transitions()).singleElement().satisfies((t) -> {
			assertThat(t.fromStatus()).isNull();
			assertThat(t.toStatus()).isEqualTo(JobStatus.QUEUED);
			assertThat(t.at()).isEqualTo(T0);
		});
	}

	@Test
	void claimingAJobStartsAnAttemptAndRecordsTheTime() {
		Job job = aRunningJob();
		assertThat(job.status()).isEqualTo(JobStatus.RUNNING);
		assertThat(job.attempt()).isEqualTo(1);
		assertThat(job.startedAt()).isEqualTo(T0.plusSeconds(1));
	}

	@Test
	void cancellingAQueuedJobEndsItAtOnce() {
		Job job = aQueuedJob();
		job.cancel(T0.plusSeconds(5));
		assertThat(job.status()).isEqualTo(JobStatus.CANCELLED);
		assertThat(job.finishedAt()).isEqualTo(T0.plusSeconds(5));
	}

	@Test
	void cancellingARunningJobAsksItToStopAndTheWorkerEndsIt() {
		Job job = aRunningJob();
		job.cancel(T0.plusSeconds(5));
		assertThat(job.status()).isEqualTo(JobStatus.CANCELLING);
		job.cancel(T0.plusSeconds(6));
		assertThat(job.status()).as("a second cancel changes nothing").isEqualTo(JobStatus.CANCELLING);
		job.cancelled("stopped", T0.plusSeconds(7));
		assertThat(job.status()).isEqualTo(JobStatus.CANCELLED);
		assertThat(job.transitions()).extracting(JobTransition::toStatus)
			.containsExactly(JobStatus.QUEUED, JobStatus.RUNNING, JobStatus.CANCELLING, JobStatus.CANCELLED);
	}

	@Test
	void anEndedJobCannotBeCancelled() {
		Job job = aRunningJob();
		job.succeed(T0.plusSeconds(9));
		assertThatThrownBy(() -> job.cancel(T0.plusSeconds(10))).isInstanceOf(IllegalJobStateChangeException.class)
			.hasMessageContaining("SUCCEEDED");
		assertThat(job.status()).isEqualTo(JobStatus.SUCCEEDED);
	}

	@Test
	void anInterruptedJobGoesBackToTheQueueAndTheNextClaimIsANewAttempt() {
		Job job = aRunningJob();
		job.requeue("restarted", T0.plusSeconds(3));
		assertThat(job.status()).isEqualTo(JobStatus.QUEUED);
		job.start("node/2", T0.plusSeconds(34), T0.plusSeconds(4));
		assertThat(job.attempt()).isEqualTo(2);
		assertThat(job.startedAt()).as("first start is kept").isEqualTo(T0.plusSeconds(1));
		assertThat(job.attempts()).extracting(JobAttempt::outcome).containsExactly("interrupted", null);
		assertThat(job.leaseOwner()).isEqualTo("node/2");
	}

	@Test
	void onlyTheRunThatHoldsTheJobMayWriteToIt() {
		Job job = aRunningJob();
		job.checkHeldBy("node/1", 1);
		assertThatThrownBy(() -> job.checkHeldBy("node/1", 0)).isInstanceOf(StaleAttemptException.class);
		assertThatThrownBy(() -> job.checkHeldBy("node/9", 1)).isInstanceOf(StaleAttemptException.class);
		job.requeue("lease expired", T0.plusSeconds(40));
		job.start("node/2", T0.plusSeconds(71), T0.plusSeconds(41));
		assertThatThrownBy(() -> job.checkHeldBy("node/1", 1)).isInstanceOf(StaleAttemptException.class)
			.hasMessageContaining("now attempt 2");
		job.checkHeldBy("node/2", 2);
		job.succeed(T0.plusSeconds(50));
		assertThatThrownBy(() -> job.checkHeldBy("node/2", 2)).isInstanceOf(StaleAttemptException.class);
		assertThat(job.leaseOwner()).as("an ended job holds no lease").isNull();
	}

	@Test
	void aFailureKeepsItsReasonButNotAnUnboundedOne() {
		Job job = aRunningJob();
		job.fail("x".repeat(10_000), T0.plusSeconds(2));
		assertThat(job.status()).isEqualTo(JobStatus.FAILED);
		assertThat(job.error()).hasSize(4000);
	}

}
