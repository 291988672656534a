package dev.kiln.jobs.internal.runtime;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import dev.kiln.engine.Accelerations;
import dev.kiln.engine.ComputeCapability;
import dev.kiln.engine.ComputeDevice;
import dev.kiln.engine.CudaKernels;
import dev.kiln.engine.GpuCheck;
import dev.kiln.engine.NativeRuntime;
import org.assertj.core.api.InstanceOfAssertFactories;
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
			return new NativeRuntime.Report(4, 1, 1, 1, 0, true, "GOMP_SPINCOUNT=1000");
		}).start();
		EngineHealthIndicator indicator = new EngineHealthIndicator(startup);

		Health loading = indicator.health();
		assertThat(loading.getStatus()).isEqualTo(Status.OUT_OF_SERVICE);
		assertThat(loading.getDetails()).containsEntry("nd4j", "loading");

		release.countDown();
		startup.loaded().get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
		Health loaded = indicator.health();
		assertThat(loaded.getStatus()).isEqualTo(Status.UP);
		assertThat(loaded.getDetails()).containsEntry("nd4j", "loaded")
			.containsEntry("poolThreads", 4)
			.containsEntry("accelerations", "on")
			.containsEntry("openMpWaitPolicy", "GOMP_SPINCOUNT=1000");
		assertThat(
				new EngineHealthIndicator(startup, GpuCheck.notApplicable(), Accelerations.OFF).health().getDetails())
			.containsEntry("accelerations", "off");
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
	void aGpuTheCudaBuildCannotRunIsDownWithTheGpuItsCapabilityTheRangeAndTheWayOut() throws Exception {
		EngineStartup startup = new EngineStartup(
				() -> new NativeRuntime.Report(4, 1, 1, 1, 0, false, "GOMP_SPINCOUNT=1000"))
			.start();
		startup.loaded().get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
		ComputeDevice ada = ComputeDevice.gpu(0, "NVIDIA L4", ComputeCapability.parse("8.9"));
		ComputeDevice hopper = ComputeDevice.gpu(1, "NVIDIA H100 80GB HBM3", ComputeCapability.parse("9.0"));

		Health health = new EngineHealthIndicator(startup,
				GpuCheck.of(List.of(ada, hopper), CudaKernels.ND4J_CUDA_11_6_M2_1), Accelerations.AUTO)
			.health();

		assertThat(health.getStatus()).isEqualTo(Status.DOWN);
		assertThat(health.getDetails().get("error").toString()).startsWith(
				"Kiln cannot use GPU 1 (NVIDIA H100 80GB HBM3, compute capability 9.0): it is newer than the newest "
						+ "machine code in nd4j-cuda-11.6 1.0.0-M2.1 (sm_86)")
			.contains("CUDA_VISIBLE_DEVICES=", "docker/Dockerfile");
		assertThat(health.getDetails()).containsEntry("supportedGpus", CudaKernels.ND4J_CUDA_11_6_M2_1.supportedRange())
			.containsEntry("wayOut", GpuCheck.WAY_OUT);
		assertThat(health.getDetails().get("gpus")).asInstanceOf(InstanceOfAssertFactories.LIST)
			.containsExactly(Map.of("index", 0, "name", "NVIDIA L4", "computeCapability", "8.9", "supported", true),
					Map.of("index", 1, "name", "NVIDIA H100 80GB HBM3", "computeCapability", "9.0", "supported", false,
							"reason",
							"it is newer than the newest machine code in nd4j-cuda-11.6 1.0.0-M2.1 (sm_86), and "
									+ "that build has no PTX to compile for it"));
	}

	@Test
	void supportedGpusChangeNothing() throws Exception {
		EngineStartup startup = new EngineStartup(
				() -> new NativeRuntime.Report(4, 1, 1, 1, 0, false, "GOMP_SPINCOUNT=1000"))
			.start();
		startup.loaded().get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
		GpuCheck check = GpuCheck.of(List.of(ComputeDevice.gpu(0, "NVIDIA L4", ComputeCapability.parse("8.9"))),
				CudaKernels.ND4J_CUDA_11_6_M2_1);

		assertThat(new EngineHealthIndicator(startup, check, Accelerations.AUTO).health().getStatus())
			.isEqualTo(Status.UP);
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
