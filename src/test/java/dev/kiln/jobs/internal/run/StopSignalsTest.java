package dev.kiln.jobs.internal.run;

import java.time.Duration;
import java.util.UUID;

import dev.kiln.engine.StopReason;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class StopSignalsTest {

	private final StopSignals signals = new StopSignals();

	private final UUID jobId = UUID.randomUUID();

	private final StopSignals.Signal signal = this.signals.register(this.jobId, 1, Duration.ofSeconds(30));

	@Test
	void aCancelOutranksAShutdownAndALostLeaseOutranksBoth() {
		this.signals.raiseAll(StopReason.SHUTDOWN);
		assertThat(this.signal.reason()).isEqualTo(StopReason.SHUTDOWN);
		this.signals.raise(this.jobId, StopReason.CANCELLED);
		this.signals.raiseAll(StopReason.SHUTDOWN);
		assertThat(this.signal.reason()).isEqualTo(StopReason.CANCELLED);
		this.signal.raise(StopReason.SUPERSEDED);
		this.signals.raise(this.jobId, StopReason.CANCELLED);
		assertThat(this.signal.reason()).isEqualTo(StopReason.SUPERSEDED);
	}

	@Test
	void theSpecsOwnConditionsAreNotSignals() {
		assertThatIllegalArgumentException().isThrownBy(() -> this.signal.raise(StopReason.EARLY_STOP));
		assertThatIllegalArgumentException().isThrownBy(() -> this.signal.raise(StopReason.RUNTIME_LIMIT));
		assertThatIllegalArgumentException().isThrownBy(() -> this.signal.raise(null));
		assertThat(this.signal.raised()).isFalse();
	}

	@Test
	void aSignalIsGoneOnceItsRunEnds() {
		this.signals.unregister(this.jobId);
		this.signals.raise(this.jobId, StopReason.CANCELLED);
		assertThat(this.signals.runningCount()).isZero();
		assertThat(this.signal.raised()).isFalse();
	}

}
