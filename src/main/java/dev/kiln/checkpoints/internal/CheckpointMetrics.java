package dev.kiln.checkpoints.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.stereotype.Component;

/**
 * The checkpoints module's meters: {@code kiln.checkpoints.written} (a counter of the
 * bytes of checkpoint files this process wrote) and {@code kiln.checkpoints.stored} (the
 * bytes the recorded checkpoints take, from the database, so after retention and across
 * nodes; cached for {@link #STORED_MAX_AGE}).
 */
@Component
public class CheckpointMetrics {

	static final Duration STORED_MAX_AGE = Duration.ofSeconds(2);

	private final CheckpointRowRepository rows;

	private final Clock clock;

	private final Counter written;

	private long stored;

	private Instant storedAt = Instant.MIN;

	CheckpointMetrics(MeterRegistry registry, CheckpointRowRepository rows, Clock clock) {
		this.rows = rows;
		this.clock = clock;
		this.written = Counter.builder("kiln.checkpoints.written")
			.description("Bytes of checkpoint files written")
			.baseUnit("bytes")
			.register(registry);
		Gauge.builder("kiln.checkpoints.stored", this, CheckpointMetrics::stored)
			.description("Bytes the recorded checkpoint files take, all tenants")
			.baseUnit("bytes")
			.register(registry);
	}

	/** A checkpoint file of {@code bytes} was written into place. */
	public void written(long bytes) {
		this.written.increment(bytes);
	}

	private synchronized double stored() {
		Instant now = this.clock.instant();
		if (Duration.between(this.storedAt, now).compareTo(STORED_MAX_AGE) > 0) {
			this.stored = this.rows.totalSizeBytes();
			this.storedAt = now;
		}
		return this.stored;
	}

}
