package dev.kiln.jobs.internal;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import dev.kiln.engine.NativeRuntime;
import org.junit.jupiter.api.Test;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;

import static org.assertj.core.api.Assertions.assertThat;

class EngineHealthIndicatorTest {

	private static final Duration WAIT = Duration.ofSeconds(10);

	@Test
	void readinessIsOutOfServiceWhileTheBackendLoadsAndUpOnceItIsIn() throws Exception {
		CountDownLatch release = new CountDownLatch(1);
		EngineStartup startup = new EngineStartup(() -> {
			release.await();
			return new NativeRuntime.Report(4, 1, 1, 1, 0, true);
		}).start();
		EngineHealthIndicator indicator = new EngineHealthIndicator(startup);

		Health loading = indicator.health();
		assertThat(loading.getStatus()).isEqualTo(Status.OUT_OF_SERVICE);
		assertThat(loading.getDetails()).containsEntry("nd4j", "loading");

		release.countDown();
		startup.loaded().get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
		Health loaded = indicator.health();
		assertThat(loaded.getStatus()).isEqualTo(Status.UP);
		assertThat(loaded.getDetails()).containsEntry("nd4j", "loaded").containsEntry("poolThreads", 4);
	}

	@Test
	void aBackendThatFailsToLoadIsDownWithItsError() {
		EngineStartup startup = new EngineStartup(() -> {
			throw new UnsatisfiedLinkError("no jnind4jcpu in java.library.path");
		}).start();
		EngineHealthIndicator indicator = new EngineHealthIndicator(startup);

		startup.loaded().handle((report, ex) -> report).join();
		Health health = indicator.health();

		assertThat(health.getStatus()).isEqualTo(Status.DOWN);
		assertThat(health.getDetails().get("error").toString()).contains("UnsatisfiedLinkError", "jnind4jcpu");
	}

	@Test
	void theRealBackendLoadsOnItsOwnThreadAndTheIndicatorTurnsUp() throws Exception {
		EngineStartup startup = new EngineStartup(() -> {
			assertThat(Thread.currentThread().getName()).isEqualTo("kiln-engine-startup");
			NativeRuntime.settings();
			return NativeRuntime.report();
		}).start();

		NativeRuntime.Report report = startup.loaded().get(WAIT.toMillis() * 6, TimeUnit.MILLISECONDS);

		assertThat(report.poolThreads()).isPositive();
		assertThat(new EngineHealthIndicator(startup).health().getStatus()).isEqualTo(Status.UP);
	}

}
