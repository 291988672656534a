package dev.kiln.webhooks.internal;

import java.time.Duration;
import java.util.function.DoubleSupplier;

/**
 * The wait before a notice's next attempt: {@code initial * 2^(attempts - 1)}, at most
 * {@code max}, less up to half of it at random so that receivers that failed together are
 * not retried together.
 */
record Backoff(Duration initial, Duration max, DoubleSupplier random) {

	/** The wait after attempt number {@code attempts} (1 for the first) failed. */
	Duration after(int attempts) {
		long initialMillis = Math.max(1, this.initial.toMillis());
		long maxMillis = Math.max(initialMillis, this.max.toMillis());
		int doublings = Math.min(Math.max(attempts - 1, 0), 40);
		long base = (doublings >= 62 || initialMillis > (maxMillis >> doublings)) ? maxMillis
				: Math.min(maxMillis, initialMillis << doublings);
		long jitter = (long) (base / 2.0 * this.random.getAsDouble());
		return Duration.ofMillis(base - jitter);
	}

}
