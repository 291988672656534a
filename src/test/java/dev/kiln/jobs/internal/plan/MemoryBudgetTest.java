package dev.kiln.jobs.internal.plan;

import java.util.UUID;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class MemoryBudgetTest {

	private static final long MIB = 1024 * 1024;

	private final MemoryBudget budget = new MemoryBudget(
			() -> new ResourceGuards.MemoryLimit(100 * MIB, "kiln.limits.max-memory"), true);

	@Test
	void jobsStartWhileTheirEstimatesTogetherFitTheLimit() {
		assertThat(this.budget.tryReserve(UUID.randomUUID(), 40 * MIB)).isTrue();
		assertThat(this.budget.tryReserve(UUID.randomUUID(), 60 * MIB)).isTrue();

		assertThat(this.budget.inUse()).isEqualTo(100 * MIB);
		assertThat(this.budget.jobs()).isEqualTo(2);
	}

	@Test
	void aJobThatWouldExceedTheLimitNextToTheRunningOnesWaitsAndSaysWhy() {
		UUID running = UUID.randomUUID();
		UUID waiting = UUID.randomUUID();
		this.budget.tryReserve(running, 70 * MIB);

		assertThat(this.budget.tryReserve(waiting, 40 * MIB)).isFalse();

		assertThat(this.budget.inUse()).isEqualTo(70 * MIB);
		assertThat(this.budget.waitingFor(waiting)).hasValueSatisfying((reason) -> assertThat(reason)
			.startsWith("memory: the 1 job(s) training on this node take about 73,400,320 bytes")
			.contains("of the 104,857,600 bytes (0.1 GiB) it allows (kiln.limits.max-memory)")
			.contains("this job needs about 41,943,040 bytes"));
		assertThat(this.budget.waitingFor(running)).isEmpty();
	}

	@Test
	void theWaitingJobStartsOnceARunningOneFreesItsShare() {
		UUID running = UUID.randomUUID();
		UUID waiting = UUID.randomUUID();
		this.budget.tryReserve(running, 70 * MIB);
		this.budget.tryReserve(waiting, 40 * MIB);

		this.budget.release(running);

		assertThat(this.budget.tryReserve(waiting, 40 * MIB)).isTrue();
		assertThat(this.budget.waitingFor(waiting)).isEmpty();
		assertThat(this.budget.inUse()).isEqualTo(40 * MIB);
	}

	@Test
	void aJobStartsWhenNothingElseTrainsEvenIfItsEstimateIsOverTheLimit() {
		// queued before the limit was lowered: it is not failed, and not stranded
		assertThat(this.budget.tryReserve(UUID.randomUUID(), 500 * MIB)).isTrue();
		assertThat(this.budget.tryReserve(UUID.randomUUID(), 1)).isFalse();
	}

	@Test
	void aGpuNodeIsNotBudgeted() {
		MemoryBudget gpu = new MemoryBudget(() -> new ResourceGuards.MemoryLimit(100 * MIB, "test"), false);

		assertThat(gpu.tryReserve(UUID.randomUUID(), 90 * MIB)).isTrue();
		assertThat(gpu.tryReserve(UUID.randomUUID(), 90 * MIB)).isTrue();
	}

	@Test
	void withoutALimitEveryJobStarts() {
		MemoryBudget unlimited = new MemoryBudget(() -> null, true);

		assertThat(unlimited.tryReserve(UUID.randomUUID(), Long.MAX_VALUE / 4)).isTrue();
		assertThat(unlimited.tryReserve(UUID.randomUUID(), Long.MAX_VALUE / 4)).isTrue();
	}

}
