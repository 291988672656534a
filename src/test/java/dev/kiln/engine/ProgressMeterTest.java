package dev.kiln.engine;

import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class ProgressMeterTest {

	private long now;

	private ProgressMeter meter(int epochs, int batchSize, int rows, long iterationsBefore) {
		return new ProgressMeter(epochs, batchSize, rows, iterationsBefore, TimeUnit.SECONDS.toNanos(1),
				() -> this.now);
	}

	private void advanceMillis(long millis) {
		this.now += TimeUnit.MILLISECONDS.toNanos(millis);
	}

	@Test
	void anEpochHasOneIterationPerMinibatchTheLastPartialOneIncluded() {
		assertThat(ProgressMeter.iterationsPerEpoch(100, 32)).isEqualTo(4);
		assertThat(ProgressMeter.iterationsPerEpoch(96, 32)).isEqualTo(3);
		assertThat(ProgressMeter.iterationsPerEpoch(5, 32)).isEqualTo(1);
	}

	@Test
	void reportsAfterTheFirstIterationThenAtMostOncePerInterval() {
		ProgressMeter meter = meter(2, 10, 100, 0);
		meter.startEpoch(1);
		advanceMillis(100);
		TrainingProgress first = meter.iterationDone();
		assertThat(first).isNotNull();
		assertThat(first.iteration()).isEqualTo(1);
		assertThat(first.iterations()).isEqualTo(1);
		assertThat(first.samplesPerSecond()).isCloseTo(100, within(1e-9));
		// remaining: 9 of this epoch and 10 of the next, at 0.1 s each
		assertThat(first.etaSeconds()).isCloseTo(1.9, within(1e-9));

		for (int i = 2; i <= 10; i++) {
			advanceMillis(100);
			assertThat(meter.iterationDone()).as("iteration %d", i).isNull();
		}
		meter.startEpoch(2);
		advanceMillis(100);
		// 1 s after the first report
		TrainingProgress second = meter.iterationDone();
		assertThat(second).isNotNull();
		assertThat(second.epoch()).isEqualTo(2);
		assertThat(second.iteration()).isEqualTo(1);
		assertThat(second.iterations()).isEqualTo(11);
		assertThat(second.samplesPerSecond()).isCloseTo(100, within(1e-9));
		assertThat(second.etaSeconds()).isCloseTo(0.9, within(1e-9));
	}

	@Test
	void countsTheLastPartialBatchAndIterationsOfEarlierAttempts() {
		ProgressMeter meter = meter(3, 32, 100, 8);
		meter.startEpoch(3);
		TrainingProgress last = null;
		for (int i = 0; i < 4; i++) {
			advanceMillis(1000);
			last = meter.iterationDone();
			assertThat(last).isNotNull();
		}
		assertThat(last.epoch()).isEqualTo(3);
		assertThat(last.epochs()).isEqualTo(3);
		assertThat(last.iteration()).isEqualTo(4);
		assertThat(last.iterationsPerEpoch()).isEqualTo(4);
		assertThat(last.iterations()).isEqualTo(12);
		assertThat(last.elapsedSeconds()).isCloseTo(4.0, within(1e-9));
		// the last batch holds 100 - 3 * 32 = 4 rows, trained in the last 1 s
		assertThat(last.samplesPerSecond()).isCloseTo(4, within(1e-9));
		assertThat(last.etaSeconds()).isZero();
	}

	@Test
	void hasNoEstimateBeforeAnyTimePassed() {
		ProgressMeter meter = meter(1, 10, 10, 0);
		meter.startEpoch(1);
		TrainingProgress report = meter.iterationDone();
		assertThat(report.etaSeconds()).isNull();
		assertThat(report.samplesPerSecond()).isZero();
	}

}
