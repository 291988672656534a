package dev.kiln.jobs.internal;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

import dev.kiln.engine.NativeRuntime;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;

/**
 * The {@code engine} health component, part of the readiness group
 * ({@code management.endpoint.health.group.readiness.include} in application.yaml):
 * {@code OUT_OF_SERVICE} while ND4J's backend is loading, {@code DOWN} if it failed to
 * load, {@code UP} once it is in.
 * <p>
 * Database migrations need no component of their own: Flyway migrates while the
 * application context is refreshed (before JPA starts), and Spring Boot moves its
 * readiness state to accepting traffic only after the refresh has finished, so a
 * readiness probe that answers UP implies that the migrations ran.
 */
class EngineHealthIndicator implements HealthIndicator {

	private final CompletableFuture<NativeRuntime.Report> loaded;

	EngineHealthIndicator(EngineStartup startup) {
		this.loaded = startup.loaded();
	}

	@Override
	public Health health() {
		if (!this.loaded.isDone()) {
			return Health.status(Status.OUT_OF_SERVICE).withDetail("nd4j", "loading").build();
		}
		try {
			NativeRuntime.Report report = this.loaded.join();
			return Health.up()
				.withDetail("nd4j", "loaded")
				.withDetail("poolThreads", report.poolThreads())
				.withDetail("oneDnnHelpers", report.oneDnnHelpers())
				.build();
		}
		catch (CompletionException ex) {
			Throwable cause = (ex.getCause() != null) ? ex.getCause() : ex;
			return Health.down().withDetail("nd4j", "failed").withDetail("error", cause.toString()).build();
		}
	}

}
