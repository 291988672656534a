package dev.kiln.e2e;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The packaged jar with small memory limits: a model whose training-memory estimate is
 * over the node's limit is refused at submission, and a job that passes the estimate but
 * runs out of native memory while it trains ends FAILED at once, while the service keeps
 * answering and its worker trains the next job.
 * <p>
 * ND4J 1.0.0-M2.1's CPU arrays are not counted by JavaCPP's {@code maxBytes} (only their
 * small handles are), so {@code maxBytes} is what the submission check reads (1 GiB here)
 * and {@code maxPhysicalBytes}, which bounds the process's resident memory, is what an
 * allocation in training runs into: about 450 MB are resident when idle, so a model whose
 * parameters, gradients and Adam state take about 900 MB cannot fit under 1,000 MB.
 */
class MemoryLimitsIT {

	private static final Duration STARTUP = Duration.ofSeconds(120);

	private static final Path LOGS = Path.of("target", "memory-limits-it");

	private static final String WIDE_MODEL = """
			{"name": "%s", "dataset": "iris",
			 "model": {"input": [4], "layers": [
			   {"type": "dense", "units": %d, "activation": "relu"},
			   {"type": "dense", "units": %d, "activation": "relu"},
			   {"type": "output", "units": 3, "activation": "softmax", "loss": "cross-entropy"}]},
			 "training": {"epochs": 1, "batchSize": 16}}""";

	@TempDir
	Path dataDir;

	private Process process;

	@AfterEach
	void stop() throws InterruptedException {
		PackagedJar.kill(this.process);
	}

	@Test
	void oversizedModelsAreRefusedAndAJobThatRunsOutOfNativeMemoryFailsWithoutHarmingTheService() throws IOException {
		KilnClient kiln = start();

		// (a) 9,000 units: DL4J estimates about 1.3 GB, over the 1 GiB maxBytes
		KilnClient.Response refused = kiln.post("/api/v1/jobs", WIDE_MODEL.formatted("too-big", 9000, 9000));
		assertThat(refused.status()).as(refused.toString()).isEqualTo(400);
		assertThat(refused.header("Content-Type")).startsWith("application/problem+json");
		assertThat(refused.text()).contains("\"$.model\"")
			.contains("DL4J's estimate")
			.contains("org.bytedeco.javacpp.maxBytes");

		// (b) 7,500 units: about 0.9 GB, admitted, but more than the process may hold
		String oversized = kiln.submit(WIDE_MODEL.formatted("out-of-memory", 7500, 7500));
		JsonNode failed = kiln.awaitEnd(oversized, Duration.ofSeconds(120));
		assertThat(failed.get("status").asString()).as(failed.toString()).isEqualTo("FAILED");
		assertThat(failed.get("attempt").asInt()).as("failed at once, not retried").isEqualTo(1);
		assertThat(failed.get("error").asString())
			.startsWith("out of memory: ND4J could not allocate memory off the heap while the job trained")
			.contains("maxPhysicalBytes")
			.contains("DL4J's estimate for it was about 903,480,496 bytes");

		// the service answers, and the same worker trains the next job
		assertThat(kiln.get("/actuator/health/readiness").status()).isEqualTo(200);
		String small = kiln.submit(KilnClient.example("iris-mlp.json").replace("\"epochs\": 60", "\"epochs\": 3"));
		JsonNode succeeded = kiln.awaitEnd(small, Duration.ofSeconds(120));
		assertThat(succeeded.get("status").asString()).as(succeeded.toString()).isEqualTo("SUCCEEDED");
		assertThat(this.process.isAlive()).isTrue();
		// DL4J's memory report of the failed network goes to the data folder
		try (java.util.stream.Stream<Path> dumps = Files.list(this.dataDir.resolve("crash-dumps"))) {
			assertThat(dumps.map((dump) -> dump.getFileName().toString()))
				.anySatisfy((name) -> assertThat(name).startsWith("dl4j-memory-crash-dump-"));
		}
	}

	private KilnClient start() throws IOException {
		Files.createDirectories(LOGS);
		Path log = LOGS.resolve("kiln.log");
		int port = PackagedJar.freePort();
		String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
		this.process = new ProcessBuilder(java, "-Xmx256m", "-Dorg.bytedeco.javacpp.maxBytes=1g",
				"-Dorg.bytedeco.javacpp.maxPhysicalBytes=1000m", "-jar", PackagedJar.executable().toString(),
				"--server.port=" + port, "--kiln.data-dir=" + this.dataDir.toAbsolutePath(), "--kiln.engine.threads=1")
			.directory(this.dataDir.toFile())
			.redirectErrorStream(true)
			.redirectOutput(log.toFile())
			.start();
		PackagedJar.awaitReady(this.process, port, log, STARTUP);
		return KilnClient.admin(port, this.dataDir);
	}

}
