package dev.kiln.jobs;

import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

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

}
