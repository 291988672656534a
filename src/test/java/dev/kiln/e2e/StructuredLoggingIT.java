package dev.kiln.e2e;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The packaged jar started with {@code --logging.structured.format.console=ecs} logs one
 * JSON document per line, and the lines a job's run logs carry its id and attempt as
 * fields.
 */
class StructuredLoggingIT {

	private static final Duration STARTUP = Duration.ofSeconds(120);

	private static final Path LOGS = Path.of("target", "structured-logging-it");

	@TempDir
	Path dataDir;

	private Process process;

	@AfterEach
	void stop() throws InterruptedException {
		PackagedJar.kill(this.process);
	}

	@Test
	void withEcsFormatEveryConsoleLineIsJsonAndAJobsLinesCarryItsId() throws Exception {
		Files.createDirectories(LOGS);
		Path stdout = LOGS.resolve("ecs.log");
		int port = PackagedJar.freePort();
		String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
		this.process = new ProcessBuilder(java, "-Xmx1g", "-jar", PackagedJar.executable().toString(),
				"--server.port=" + port, "--kiln.data-dir=" + this.dataDir.toAbsolutePath(), "--kiln.engine.threads=1",
				"--logging.structured.format.console=ecs")
			.redirectError(LOGS.resolve("ecs.stderr").toFile())
			.redirectOutput(stdout.toFile())
			.start();
		PackagedJar.awaitReady(this.process, port, stdout, STARTUP);
		KilnClient kiln = KilnClient.admin(port, this.dataDir);
		ObjectNode spec = (ObjectNode) KilnClient.JSON.readTree(KilnClient.example("iris-mlp.json"));
		((ObjectNode) spec.get("training")).put("epochs", 3);
		String id = kiln.submit(spec.toString());
		JsonNode job = kiln.awaitEnd(id, Duration.ofSeconds(120));
		assertThat(job.get("status").asString()).as(job.toString()).isEqualTo("SUCCEEDED");
		this.process.destroy();
		assertThat(this.process.waitFor(60, TimeUnit.SECONDS)).as("Kiln stopped; see %s", stdout).isTrue();

		List<String> lines = Files.readAllLines(stdout).stream().filter((line) -> !line.isBlank()).toList();
		List<JsonNode> documents = new ArrayList<>();
		for (String line : lines) {
			JsonNode document = KilnClient.JSON.readTree(line);
			assertThat(document.isObject()).as(line).isTrue();
			documents.add(document);
		}
		assertThat(documents).hasSizeGreaterThan(10)
			.allMatch((document) -> document.has("@timestamp") && document.has("message")
					&& document.path("log").has("level"));
		List<JsonNode> ofJob = documents.stream()
			.filter((document) -> document.has("jobId") && id.equals(document.get("jobId").asString()))
			.toList();
		assertThat(ofJob).extracting((document) -> document.get("message").asString())
			.anyMatch((message) -> message.startsWith("Training job " + id))
			.anyMatch((message) -> message.startsWith("Job " + id + " epoch 3/3"));
		assertThat(ofJob).allMatch((document) -> "1".equals(document.get("attempt").asString()));
		assertThat(documents).filteredOn((document) -> document.get("message").asString().startsWith("Training job"))
			.allMatch((document) -> document.has("jobId"));
	}

}
