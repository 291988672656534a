package dev.kiln.jobs.internal.run;

import java.time.Instant;
import java.util.List;

import dev.kiln.metrics.EpochMetrics;
import dev.kiln.spec.CompiledSpec;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class EarlyStoppingTest {

	private static final CompiledSpec.EarlyStopping LOSS = new CompiledSpec.EarlyStopping("validationLoss", 2, 0.05);

	@Test
	void stopsAfterPatienceEpochsWithoutAnImprovementOfAtLeastMinDelta() {
		EarlyStopping early = new EarlyStopping(LOSS);
		assertThat(early.observe(1, 1.0, 0.5)).isFalse();
		assertThat(early.observe(2, 0.9, 0.5)).isFalse(); // improved by 0.1
		assertThat(early.observe(3, 0.88, 0.5)).isFalse(); // by 0.02 only
		assertThat(early.observe(4, 0.86, 0.5)).isTrue(); // two epochs since epoch 2
		assertThat(early.bestEpoch()).isEqualTo(2);
		assertThat(early.stoppedAt()).isEqualTo(4);
		assertThat(early.reason()).isEqualTo("stopped early at epoch 4: validationLoss did not improve by at least"
				+ " 0.05 for 2 epoch(s) (best epoch 2, validationLoss 0.900000)");
	}

	@Test
	void anImprovementResetsThePatience() {
		EarlyStopping early = new EarlyStopping(LOSS);
		early.observe(1, 1.0, 0);
		early.observe(2, 1.0, 0);
		assertThat(early.observe(3, 0.5, 0)).isFalse();
		assertThat(early.observe(4, 0.5, 0)).isFalse();
		assertThat(early.observe(5, 0.6, 0)).isTrue();
		assertThat(early.bestEpoch()).isEqualTo(3);
	}

	@Test
	void accuracyMustRise() {
		EarlyStopping early = new EarlyStopping(new CompiledSpec.EarlyStopping("validationAccuracy", 1, 0));
		early.observe(1, 9, 0.8);
		assertThat(early.observe(2, 0.1, 0.9)).isFalse();
		assertThat(early.observe(3, 0.1, 0.9)).as("equal is no improvement").isTrue();
		assertThat(early.bestEpoch()).isEqualTo(2);
	}

	@Test
	void nonFiniteValuesNeverImprove() {
		EarlyStopping early = new EarlyStopping(LOSS);
		early.observe(1, Double.NaN, Double.NaN);
		assertThat(early.observe(2, Double.NaN, Double.NaN)).isTrue();
		assertThat(early.reason()).contains("no epoch had a finite validationLoss");
	}

	@Test
	void aResumedAttemptReplaysTheStoredRows() {
		List<EpochMetrics> rows = List.of(row(1, 1.0), row(2, 0.8), row(3, 0.79));
		EarlyStopping early = EarlyStopping.replay(LOSS, rows);
		assertThat(early.triggered()).isFalse();
		assertThat(early.bestEpoch()).isEqualTo(2);
		assertThat(early.observe(4, 0.78, 0)).isTrue();
		assertThat(early.stoppedAt()).isEqualTo(4);
	}

	private static EpochMetrics row(int epoch, double validationLoss) {
		return new EpochMetrics(epoch, 1, 1, validationLoss, 0.5, 0.01, 1, 100, Instant.EPOCH);
	}

}
