package dev.kiln.docker;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.kiln.engine.ComputeCapability;
import dev.kiln.engine.ComputeDevice;
import dev.kiln.engine.CudaKernels;
import dev.kiln.engine.GpuCheck;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The CUDA image's entrypoint, run with {@code sh} as the image runs it, with a fake
 * {@code nvidia-smi} that reports the GPUs a test names and a fake {@code java} that
 * reports how it was started. No Docker engine and no GPU: what is left untried is the
 * real nvidia-smi's output, whose format is {@code name, major.minor} per line.
 */
class CudaEntrypointTest {

	static final String SCRIPT = "docker/cuda-entrypoint";

	static final String INSTALLED = "kiln-cuda-entrypoint";

	private static final int REFUSED = 78;

	private static final String[] JVM = { "java", "-XX:MaxRAMPercentage=35", "-jar", "/app/kiln.jar" };

	@TempDir
	Path bin;

	@BeforeEach
	void fakes() throws IOException {
		executable("java", """
				#!/bin/sh
				echo "java started: CUDA_VISIBLE_DEVICES=[${CUDA_VISIBLE_DEVICES-unset}] $*"
				""");
		executable("nvidia-smi",
				"""
						#!/bin/sh
						[ "$*" = "--query-gpu=name,compute_cap --format=csv,noheader" ] || { echo "unexpected: $*" >&2; exit 6; }
						cat "$(dirname "$0")/gpus.csv"
						""");
	}

	@Test
	void supportedGpusStartTheJvmWithItsArgumentsAndTheGpusVisible() throws Exception {
		gpus("NVIDIA A100-SXM4-40GB, 8.0", "NVIDIA L4, 8.9", "Tesla K80, 3.7");

		Run run = run(Map.of());

		assertThat(run.exitCode()).isZero();
		assertThat(run.output())
			.isEqualTo("java started: CUDA_VISIBLE_DEVICES=[unset] -XX:MaxRAMPercentage=35 -jar /app/kiln.jar\n");
	}

	@Test
	void aHopperGpuIsRefusedWithTheJavaChecksMessageAndTheJvmNeverStarts() throws Exception {
		gpus("NVIDIA A100-SXM4-40GB, 8.0", "NVIDIA H100 80GB HBM3, 9.0");

		Run run = run(Map.of());

		assertThat(run.exitCode()).isEqualTo(REFUSED);
		assertThat(run.output()).doesNotContain("java started");
		String javaMessage = GpuCheck
			.of(List.of(gpu(0, "NVIDIA A100-SXM4-40GB", "8.0"), gpu(1, "NVIDIA H100 80GB HBM3", "9.0")),
					CudaKernels.ND4J_CUDA_11_6_M2_1)
			.problem()
			.orElseThrow();
		assertThat(run.output()).isEqualTo(
				"ERROR: " + javaMessage + " Or set KILN_GPU_FALLBACK=cpu to start this image on the CPU backend.\n");
		assertThat(javaMessage).contains("GPU 1 (NVIDIA H100 80GB HBM3, compute capability 9.0)",
				"compute capability 3.7 to 8.x", "docker/Dockerfile", "CUDA_VISIBLE_DEVICES=");
	}

	@Test
	void aHopperGpuWithTheCpuFallbackStartsTheJvmWithTheGpusHiddenAndAWarning() throws Exception {
		gpus("NVIDIA H100 80GB HBM3, 9.0");

		Run run = run(Map.of("KILN_GPU_FALLBACK", "cpu"));

		assertThat(run.exitCode()).isZero();
		List<String> lines = run.output().lines().toList();
		assertThat(lines).hasSize(2);
		assertThat(lines.get(0))
			.startsWith("WARN: Kiln cannot use GPU 0 (NVIDIA H100 80GB HBM3, compute capability 9.0)")
			.endsWith("KILN_GPU_FALLBACK=cpu: starting on ND4J's CPU backend with CUDA_VISIBLE_DEVICES= (empty).");
		assertThat(lines.get(1))
			.isEqualTo("java started: CUDA_VISIBLE_DEVICES=[] -XX:MaxRAMPercentage=35 -jar /app/kiln.jar");
	}

	@ParameterizedTest
	@ValueSource(strings = { "3.0", "3.5", "3.7", "5.0", "5.3", "6.0", "6.2", "7.0", "7.2", "7.5", "8.0", "8.6", "8.7",
			"8.9", "9.0", "10.0", "10.3", "12.0", "12.1" })
	void theScriptDecidesEveryCapabilityAsTheJavaCheckDoes(String capability) throws Exception {
		gpus("Some GPU, " + capability);

		Run run = run(Map.of());

		GpuCheck java = GpuCheck.of(List.of(gpu(0, "Some GPU", capability)), CudaKernels.ND4J_CUDA_11_6_M2_1);
		if (java.allUsable()) {
			assertThat(run.exitCode()).as(run.output()).isZero();
		}
		else {
			assertThat(run.exitCode()).isEqualTo(REFUSED);
			assertThat(run.output()).contains(java.problem().orElseThrow());
		}
	}

	@Test
	void theScriptCarriesTheJavaChecksKernelList() throws IOException {
		String script = Files.readString(Path.of(SCRIPT));
		CudaKernels kernels = CudaKernels.ND4J_CUDA_11_6_M2_1;

		assertThat(variable(script, "build")).isEqualTo(kernels.build());
		assertThat(variable(script, "machine_code"))
			.isEqualTo(String.join(" ", kernels.machineCode().stream().map((code) -> code.sm().substring(3)).toList()));
		assertThat(variable(script, "ptx"))
			.isEqualTo(String.join(" ", kernels.ptx().stream().map((code) -> code.sm().substring(3)).toList()));
		assertThat(variable(script, "way_out")).isEqualTo(GpuCheck.WAY_OUT);
	}

	@Test
	void hiddenGpusNoNvidiaSmiOrOneThatFailsStartTheJvm() throws Exception {
		gpus("NVIDIA H100 80GB HBM3, 9.0");
		assertThat(run(Map.of("CUDA_VISIBLE_DEVICES", "")).exitCode()).as("GPUs hidden: nothing to check").isZero();

		executable("nvidia-smi",
				"#!/bin/sh\necho 'Failed to initialize NVML: Driver/library version mismatch'\nexit 9\n");
		Run failing = run(Map.of());
		assertThat(failing.exitCode()).isZero();
		assertThat(failing.output()).startsWith("WARN: nvidia-smi could not report")
			.contains("Driver/library version mismatch", "java started");

		Files.delete(this.bin.resolve("nvidia-smi"));
		assertThat(run(Map.of()).output())
			.isEqualTo("java started: CUDA_VISIBLE_DEVICES=[unset] -XX:MaxRAMPercentage=35 -jar /app/kiln.jar\n");
	}

	@Test
	void onlyTheGpusCudaVisibleDevicesSelectsAreChecked() throws Exception {
		gpus("NVIDIA H100 80GB HBM3, 9.0", "NVIDIA A100-SXM4-40GB, 8.0");

		assertThat(run(Map.of("CUDA_VISIBLE_DEVICES", "1")).exitCode()).isZero();
		assertThat(run(Map.of("CUDA_VISIBLE_DEVICES", "0,1")).exitCode()).isEqualTo(REFUSED);
		assertThat(run(Map.of("CUDA_VISIBLE_DEVICES", "GPU-1b2c")).exitCode()).as("UUIDs: every GPU is checked")
			.isEqualTo(REFUSED);
	}

	@Test
	void anUnknownFallbackIsRefusedRatherThanIgnored() throws Exception {
		gpus("NVIDIA L4, 8.9");

		Run run = run(Map.of("KILN_GPU_FALLBACK", "gpu"));

		assertThat(run.exitCode()).isEqualTo(64);
		assertThat(run.output()).contains("KILN_GPU_FALLBACK", "'cpu'");
	}

	private static ComputeDevice gpu(int index, String name, String capability) {
		return ComputeDevice.gpu(index, name, ComputeCapability.parse(capability));
	}

	private static String variable(String script, String name) {
		Matcher matcher = Pattern.compile("(?m)^" + name + "=\"([^\"]*)\"$").matcher(script);
		assertThat(matcher.find()).as(name + "=\"...\" in " + SCRIPT).isTrue();
		return matcher.group(1);
	}

	private void gpus(String... lines) throws IOException {
		Files.writeString(this.bin.resolve("gpus.csv"), String.join("\n", lines) + "\n");
	}

	private void executable(String name, String text) throws IOException {
		Path file = this.bin.resolve(name);
		Files.writeString(file, text);
		assertThat(file.toFile().setExecutable(true)).isTrue();
	}

	private Run run(Map<String, String> environment) throws IOException, InterruptedException {
		List<String> command = new ArrayList<>(List.of("sh", SCRIPT));
		command.addAll(List.of(JVM));
		ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
		builder.environment().remove("CUDA_VISIBLE_DEVICES");
		builder.environment().remove("KILN_GPU_FALLBACK");
		// the fakes first; the system's folders for sh, sed, tr and cut
		builder.environment().put("PATH", this.bin + ":/usr/bin:/bin");
		builder.environment().putAll(environment);
		Process process = builder.start();
		assertThat(process.waitFor(20, TimeUnit.SECONDS)).as("the entrypoint returns").isTrue();
		return new Run(process.exitValue(),
				new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
	}

	private record Run(int exitCode, String output) {
	}

}
