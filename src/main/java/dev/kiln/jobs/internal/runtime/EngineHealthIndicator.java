package dev.kiln.jobs.internal.runtime;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

import dev.kiln.engine.Accelerations;
import dev.kiln.engine.ComputeDevice;
import dev.kiln.engine.GpuCheck;
import dev.kiln.engine.NativeRuntime;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;

/**
 * The {@code engine} health component, part of the readiness group
 * ({@code management.endpoint.health.group.readiness.include} in application.yaml):
 * {@code DOWN} when a GPU is visible that Kiln's CUDA build cannot run on (with the GPU,
 * its compute capability, the supported range and the way out), else
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

	private final GpuCheck gpus;

	private final Accelerations accelerations;

	/** On a node whose GPUs, if any, need no check. */
	EngineHealthIndicator(EngineStartup startup) {
		this(startup, GpuCheck.notApplicable(), Accelerations.AUTO);
	}

	EngineHealthIndicator(EngineStartup startup, GpuCheck gpus, Accelerations accelerations) {
		this.loaded = startup.loaded();
		this.gpus = gpus;
		this.accelerations = accelerations;
	}

	@Override
	public Health health() {
		if (this.gpus.problem().isPresent()) {
			return unsupportedGpus();
		}
		if (!this.loaded.isDone()) {
			return Health.status(Status.OUT_OF_SERVICE).withDetail("nd4j", "loading").build();
		}
		try {
			NativeRuntime.Report report = this.loaded.join();
			return Health.up()
				.withDetail("nd4j", "loaded")
				.withDetail("poolThreads", report.poolThreads())
				.withDetail("oneDnnHelpers", report.oneDnnHelpers())
				// whether Kiln's CPU implementations train here, or DL4J's own
				.withDetail("accelerations", this.accelerations.active() ? "on" : "off")
				// a short spin, then sleep, unless the operator chose otherwise
				.withDetail("openMpWaitPolicy", report.waitPolicy())
				.build();
		}
		catch (CompletionException ex) {
			Throwable cause = (ex.getCause() != null) ? ex.getCause() : ex;
			return Health.down().withDetail("nd4j", "failed").withDetail("error", cause.toString()).build();
		}
	}

	private Health unsupportedGpus() {
		List<Map<String, Object>> gpus = new ArrayList<>();
		for (ComputeDevice gpu : this.gpus.usable()) {
			gpus.add(gpu(gpu, null));
		}
		for (GpuCheck.UnusableGpu entry : this.gpus.unusable()) {
			gpus.add(gpu(entry.gpu(), entry.reason()));
		}
		gpus.sort(Comparator.comparingInt((gpu) -> (int) gpu.get("index")));
		return Health.down()
			.withDetail("error", this.gpus.problem().orElseThrow())
			.withDetail("gpus", gpus)
			.withDetail("supportedGpus", this.gpus.supportedRange().orElseThrow())
			.withDetail("wayOut", GpuCheck.WAY_OUT)
			.build();
	}

	private static Map<String, Object> gpu(ComputeDevice gpu, String whyNot) {
		Map<String, Object> details = new LinkedHashMap<>();
		details.put("index", gpu.index());
		details.put("name", gpu.name());
		details.put("computeCapability", String.valueOf(gpu.capability()));
		details.put("supported", whyNot == null);
		if (whyNot != null) {
			details.put("reason", whyNot);
		}
		return details;
	}

}
