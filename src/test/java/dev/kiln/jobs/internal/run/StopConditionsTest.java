package dev.kiln.jobs.internal.run;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import dev.kiln.checkpoints.CheckpointMetric;
import dev.kiln.engine.EpochResult;
import dev.kiln.engine.StopReason;
import dev.kiln.jobs.internal.lifecycle.Job;
import dev.kiln.spec.CompiledSpec;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class StopConditionsTest {

	private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

	@Test
	void runtimeSumsEveryAttemptAndTheCurrentOneSoFar() {
		Job job = new Job(UUID.randomUUID(), UUID.randomUUID(), "test", UUID.randomUUID(), "{}", 10,
				CheckpointMetric.VALIDATION_LOSS, T0);
		job.start("node/1", T0.plusSeconds(130), T0.plusSeconds(100));
		job.requeue("shutdown", T0.plusSeconds(130)); // 30 s
		job.start("node/1", T0.plusSeconds(530), T0.plusSeconds(500));
		job.requeue("restart", T0.plusSeconds(520)); // 20 s
		job.start("node/1", T0.plusSeconds(630), T0.plusSeconds(600));

		assertThat(StopConditions.runtime(job.transitions(), T0.plusSeconds(610))).isEqualTo(Duration.ofSeconds(60));
	}

	@Test
	void aQueuedJobHasNoRuntime() {
		Job job = new Job(UUID.randomUUID(), UUID.randomUUID(), "test", UUID.randomUUID(), "{}", 10,
				CheckpointMetric.VALIDATION_LOSS, T0);
		assertThat(StopConditions.runtime(job.transitions(), T0.plusSeconds(60))).isEqualTo(Duration.ZERO);
	}

	@Test
	void aRunPastItsDeadlineAsksToStopAndSaysWhy() {
		StopConditions.Run run = new StopConditions.Run(Duration.ofSeconds(2), System.nanoTime() - 1, null);
		assertThat(run.stopRequested()).isTrue();
		assertThat(run.runtimeExceeded(3))
			.isEqualTo("exceeded maxRuntime of PT2S after epoch 3; its checkpoints are kept");
		assertThat(run.stoppedEarly()).isNull();
		assertThat(run.reason()).isEqualTo(StopReason.RUNTIME_LIMIT);
	}

	@Test
	void aRunWithinItsDeadlineGoesOn() {
		StopConditions.Run run = new StopConditions.Run(Duration.ofHours(1),
				System.nanoTime() + Duration.ofHours(1).toNanos(), null);
		assertThat(run.stopRequested()).isFalse();
		assertThat(run.runtimeExceeded(0)).isNull();
		assertThat(run.epochEnded(result(1, 0.5))).isFalse();
		assertThat(run.reason()).isNull();
	}

	@Test
	void earlyStoppingAsksToStopAfterTheEpochThatTriggersIt() {
		EarlyStopping early = new EarlyStopping(new CompiledSpec.EarlyStopping("validationLoss", 1, 0));
		StopConditions.Run run = new StopConditions.Run(null, Long.MAX_VALUE, early);
		assertThat(run.epochEnded(result(1, 0.5))).isFalse();
		assertThat(run.stopRequested()).isFalse();
		assertThat(run.epochEnded(result(2, 0.6))).isTrue();
		assertThat(run.stopRequested()).isTrue();
		assertThat(run.stoppedEarly()).startsWith("stopped early at epoch 2").contains("best epoch 1");
		assertThat(run.runtimeExceeded(2)).isNull();
		assertThat(run.reason()).isEqualTo(StopReason.EARLY_STOP);
	}

	@Test
	void theRuntimeLimitOutranksEarlyStopping() {
		EarlyStopping early = new EarlyStopping(new CompiledSpec.EarlyStopping("validationLoss", 1, 0));
		StopConditions.Run run = new StopConditions.Run(Duration.ofSeconds(1), System.nanoTime() - 1, early);
		// out of time at a poll inside epoch 2, which then also triggers early stopping
		run.epochEnded(result(1, 0.5));
		assertThat(run.stopRequested()).isTrue();
		assertThat(run.epochEnded(result(2, 0.6))).isTrue();
		assertThat(run.reason()).isEqualTo(StopReason.RUNTIME_LIMIT);
	}

	private static EpochResult result(int epoch, double validationLoss) {
		return new EpochResult(epoch, 0.4, validationLoss, 0.9, 0.01, 1, 100, epoch * 10L);
	}

}
