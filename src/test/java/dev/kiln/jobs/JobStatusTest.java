package dev.kiln.jobs;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class JobStatusTest {

	/**
	 * The lifecycle as the design states it; every other (from, to) pair must be refused.
	 */
	private static final Map<JobStatus, Set<JobStatus>> ALLOWED = Map.of(JobStatus.QUEUED,
			EnumSet.of(JobStatus.RUNNING, JobStatus.CANCELLED), JobStatus.RUNNING,
			EnumSet.of(JobStatus.SUCCEEDED, JobStatus.FAILED, JobStatus.CANCELLING, JobStatus.QUEUED),
			JobStatus.CANCELLING, EnumSet.of(JobStatus.CANCELLED, JobStatus.SUCCEEDED, JobStatus.FAILED),
			JobStatus.SUCCEEDED, EnumSet.noneOf(JobStatus.class), JobStatus.FAILED, EnumSet.noneOf(JobStatus.class),
			JobStatus.CANCELLED, EnumSet.noneOf(JobStatus.class));

	@Test
	void everyPairOfStatesIsAllowedExactlyWhenTheLifecycleSaysSo() {
		for (JobStatus from : JobStatus.values()) {
			for (JobStatus to : JobStatus.values()) {
				assertThat(from.canMoveTo(to)).as(from + " -> " + to).isEqualTo(ALLOWED.get(from).contains(to));
			}
		}
	}

	@Test
	void onlySucceededFailedAndCancelledAreTerminal() {
		assertThat(EnumSet.allOf(JobStatus.class)).filteredOn(JobStatus::isTerminal)
			.containsExactlyInAnyOrder(JobStatus.SUCCEEDED, JobStatus.FAILED, JobStatus.CANCELLED);
	}

	@Test
	void terminalStatesLeadNowhere() {
		for (JobStatus status : JobStatus.values()) {
			if (status.isTerminal()) {
				assertThat(status.allowedNext()).isEmpty();
			}
		}
	}

	@Test
	void queuedRunningAndCancellingAreActive() {
		assertAnsweredYesExactlyBy(JobStatus::isActive, JobStatus.active(), JobStatus.QUEUED, JobStatus.RUNNING,
				JobStatus.CANCELLING);
	}

	@Test
	void runningAndCancellingHoldALease() {
		assertAnsweredYesExactlyBy(JobStatus::holdsLease, JobStatus.leaseHolders(), JobStatus.RUNNING,
				JobStatus.CANCELLING);
	}

	/**
	 * Asks every status, and checks the set of the statuses that answer yes.
	 */
	private static void assertAnsweredYesExactlyBy(Predicate<JobStatus> predicate, Set<JobStatus> set,
			JobStatus... yes) {
		Set<JobStatus> expected = EnumSet.copyOf(Arrays.asList(yes));
		for (JobStatus status : JobStatus.values()) {
			assertThat(predicate.test(status)).as(status.name()).isEqualTo(expected.contains(status));
		}
		assertThat(set).isEqualTo(expected);
	}

}
