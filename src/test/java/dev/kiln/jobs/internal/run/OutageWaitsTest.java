package dev.kiln.jobs.internal.run;

import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import dev.kiln.engine.StopReason;
import dev.kiln.jobs.StaleAttemptException;
import org.junit.jupiter.api.Test;

import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.transaction.CannotCreateTransactionException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class OutageWaitsTest {

	private static final UUID JOB = UUID.randomUUID();

	private static final CannotCreateTransactionException UNREACHABLE = new CannotCreateTransactionException(
			"Could not open JPA EntityManager for transaction");

	private final AtomicInteger calls = new AtomicInteger();

	@Test
	void aCallThatMeetsABriefOutageIsTriedAgainUntilTheDatabaseAnswers() {
		StopSignals.Signal signal = new StopSignals.Signal(1, Duration.ofSeconds(30));

		String answer = OutageWaits.whileLeaseHolds(JOB, 1, signal, () -> {
			if (this.calls.incrementAndGet() < 3) {
				throw UNREACHABLE;
			}
			return "recorded";
		});

		assertThat(answer).isEqualTo("recorded");
		assertThat(this.calls).hasValue(3);
		assertThat(signal.raised()).isFalse();
	}

	@Test
	void aRunWhoseLeaseRunsOutWhileItWaitsStopsAsOneThatLostItsLease() {
		StopSignals.Signal signal = new StopSignals.Signal(2, Duration.ofMillis(300));
		long started = System.nanoTime();

		assertThatExceptionOfType(StaleAttemptException.class)
			.isThrownBy(() -> OutageWaits.whileLeaseHolds(JOB, 2, signal, () -> {
				this.calls.incrementAndGet();
				throw UNREACHABLE;
			}))
			.withMessageContaining("before its lease ran out");

		assertThat(signal.reason()).isEqualTo(StopReason.SUPERSEDED);
		assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(Duration.ofMillis(300));
		assertThat(this.calls.get()).isGreaterThan(1);
	}

	@Test
	void aShutdownStopsTheWait() {
		StopSignals.Signal signal = new StopSignals.Signal(1, Duration.ofSeconds(30));
		signal.raise(StopReason.SHUTDOWN);

		assertThatExceptionOfType(StaleAttemptException.class)
			.isThrownBy(() -> OutageWaits.whileLeaseHolds(JOB, 1, signal, () -> {
				throw UNREACHABLE;
			}))
			.withMessageContaining("shut down");
	}

	@Test
	void otherFailuresAreNotRetried() {
		StopSignals.Signal signal = new StopSignals.Signal(1, Duration.ofSeconds(30));

		assertThatExceptionOfType(DataIntegrityViolationException.class)
			.isThrownBy(() -> OutageWaits.whileLeaseHolds(JOB, 1, signal, () -> {
				this.calls.incrementAndGet();
				throw new DataIntegrityViolationException("duplicate key");
			}));
		assertThat(this.calls).hasValue(1);
	}

}
