package dev.kiln.webhooks.internal;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class BackoffTest {

	@Test
	void waitsDoubleUpToTheMaximumWithoutJitter() {
		Backoff backoff = new Backoff(Duration.ofSeconds(10), Duration.ofMinutes(5), () -> 0.0);
		assertThat(backoff.after(1)).isEqualTo(Duration.ofSeconds(10));
		assertThat(backoff.after(2)).isEqualTo(Duration.ofSeconds(20));
		assertThat(backoff.after(3)).isEqualTo(Duration.ofSeconds(40));
		assertThat(backoff.after(6)).isEqualTo(Duration.ofMinutes(5));
		assertThat(backoff.after(1000)).isEqualTo(Duration.ofMinutes(5));
	}

	@Test
	void jitterTakesOffUpToHalf() {
		Backoff most = new Backoff(Duration.ofSeconds(10), Duration.ofMinutes(5), () -> 0.999999);
		assertThat(most.after(2)).isBetween(Duration.ofSeconds(10), Duration.ofMillis(10_001));
		Backoff some = new Backoff(Duration.ofSeconds(10), Duration.ofMinutes(5), () -> 0.5);
		assertThat(some.after(1)).isEqualTo(Duration.ofMillis(7500));
	}

}
