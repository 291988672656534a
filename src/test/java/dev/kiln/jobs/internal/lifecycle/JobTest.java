package dev.kiln.jobs.internal.lifecycle;

import java.time.Instant;
import java.util.OptionalInt;

import dev.kiln.jobs.IllegalJobStateChangeException;
import dev.kiln.jobs.JobStatus;
import dev.kiln.jobs.StaleAttemptException;
import org.junit.jupiter.api.Test;

import static dev.kiln.jobs.internal.lifecycle.TestJobs.aQueuedJob;
import static dev.kiln.jobs.internal.lifecycle.TestJobs.aRunningJob;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class JobTest {

	private static final Instant T0 = TestJobs.T0;

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
			.hasMessage("The job has already ended (SUCCEEDED): there is nothing to cancel");
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
		assertThat(job.attempts()).extracting(JobAttempt::outcome).containsExactly(AttemptOutcome.INTERRUPTED, null);
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

	@Test
	void aShutdownNeverUsesUpAnAttempt() {
		Job job = aRunningJob();
		for (int i = 0; i < 5; i++) {
			job.requeue("Kiln shut down after epoch " + i, T0.plusSeconds(10 + i * 2));
			job.start("node/" + (i + 2), T0.plusSeconds(100), T0.plusSeconds(11 + i * 2));
		}
		assertThat(job.status()).isEqualTo(JobStatus.RUNNING);
		assertThat(job.attempt()).isEqualTo(6);
		assertThat(job.countedAttempts()).isZero();
		assertThat(job.attempts().get(0).counted()).isFalse();
		assertThat(job.attempts().get(0).countReason()).isEqualTo("the node shut down: does not count");
		assertThat(job.attempts().get(5).counted()).as("still running").isNull();
	}

	@Test
	void anInterruptionAfterANewCheckpointDoesNotCountOneBeforeItDoes() {
		Job job = aRunningJob();
		job.setback(Setback.interrupted("node/1 stopped", OptionalInt.of(4)), 2, T0.plusSeconds(10));
		job.start("node/2", T0.plusSeconds(100), T0.plusSeconds(11));
		job.setback(Setback.interrupted("node/2 stopped", OptionalInt.empty()), 2, T0.plusSeconds(20));
		job.start("node/3", T0.plusSeconds(100), T0.plusSeconds(21));
		job.setback(Setback.interrupted("node/3 stopped", OptionalInt.of(7)), 2, T0.plusSeconds(30));

		assertThat(job.status()).isEqualTo(JobStatus.QUEUED);
		assertThat(job.countedAttempts()).isEqualTo(1);
		assertThat(job.attempts()).extracting(JobAttempt::counted).containsExactly(false, true, false);
		assertThat(job.attempts()).extracting(JobAttempt::countReason)
			.containsExactly("interrupted after reaching checkpoint of epoch 4: does not count",
					"interrupted before any new checkpoint: counts (1 of 2)",
					"interrupted after reaching checkpoint of epoch 7: does not count");
		assertThat(job.attempts()).extracting(JobAttempt::outcome).containsOnly(AttemptOutcome.INTERRUPTED);
		assertThat(job.transitions().get(job.transitions().size() - 1).reason())
			.isEqualTo("interrupted: node/3 stopped; it resumes from its newest checkpoint");
	}

	@Test
	void countedAttemptsFailTheJobOnceTheyReachTheLimitWhateverElseHappenedInBetween() {
		Job job = aRunningJob();
		job.requeue("Kiln shut down after epoch 2", T0.plusSeconds(10));
		job.start("node/1", T0.plusSeconds(100), T0.plusSeconds(11));
		job.setback(Setback.interrupted("node/1 stopped", OptionalInt.empty()), 3, T0.plusSeconds(20));
		job.start("node/1", T0.plusSeconds(100), T0.plusSeconds(21));
		job.setback(Setback.failed("the disk went away"), 3, T0.plusSeconds(30));
		assertThat(job.status()).isEqualTo(JobStatus.QUEUED);
		assertThat(job.transitions().get(job.transitions().size() - 1).reason())
			.isEqualTo("attempt 3 failed: the disk went away; retrying");
		job.start("node/1", T0.plusSeconds(100), T0.plusSeconds(31));
		job.setback(Setback.interrupted("node/1 stopped", OptionalInt.of(5)), 3, T0.plusSeconds(40));
		job.start("node/1", T0.plusSeconds(100), T0.plusSeconds(41));
		job.setback(Setback.interrupted("the lease of node/1 on attempt 5 expired", OptionalInt.empty()), 3,
				T0.plusSeconds(50));

		assertThat(job.status()).isEqualTo(JobStatus.FAILED);
		assertThat(job.error()).isEqualTo("gave up after 3 counted attempts (5 in all); the last one was interrupted"
				+ " before reaching a new checkpoint: the lease of node/1 on attempt 5 expired");
		assertThat(job.attempts()).extracting(JobAttempt::counted).containsExactly(false, true, true, false, true);
		assertThat(job.attempts()).extracting(JobAttempt::outcome)
			.containsExactly(AttemptOutcome.INTERRUPTED, AttemptOutcome.INTERRUPTED, AttemptOutcome.FAILED,
					AttemptOutcome.INTERRUPTED, AttemptOutcome.FAILED);
		assertThat(job.attempts().get(4).countReason())
			.isEqualTo("interrupted before any new checkpoint: counts (3 of 3)");
		assertThat(job.leaseOwner()).isNull();
	}

	@Test
	void aFailureOfTheMachineCountsEvenAfterProgress() {
		Job job = aRunningJob();
		job.setback(Setback.failed("IOException: no space left on device"), 1, T0.plusSeconds(10));
		assertThat(job.status()).isEqualTo(JobStatus.FAILED);
		assertThat(job.error())
			.isEqualTo("gave up after 1 counted attempt; the last one failed: IOException: no space left on device");
		assertThat(job.attempts().get(0).countReason()).isEqualTo("failed: counts (1 of 1)");
	}

	@Test
	void anAttemptThatEndsTheJobSaysSo() {
		Job failed = aRunningJob();
		failed.fail("diverged", T0.plusSeconds(5));
		assertThat(failed.attempts().get(0).counted()).isTrue();
		assertThat(failed.attempts().get(0).countReason()).startsWith("failed: not retried");
		Job succeeded = aRunningJob();
		succeeded.succeed(T0.plusSeconds(5));
		assertThat(succeeded.attempts().get(0).counted()).isFalse();
		assertThat(succeeded.attempts().get(0).countReason()).isNull();
	}

}
