package dev.kiln.e2e;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;

import dev.kiln.KilnApplication;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Kiln stopped and started again on the same data folder keeps everything it had, and
 * finishes what it had not.
 */
class RestartIT {

	@TempDir
	Path dataDir;

	private ConfigurableApplicationContext start(int workers) {
		// command-line arguments: they outrank application.yaml, as an operator's would
		return new SpringApplicationBuilder(KilnApplication.class).run("--server.port=0",
				"--kiln.data-dir=" + this.dataDir, "--kiln.jobs.workers=" + workers);
	}

	private KilnClient client(ConfigurableApplicationContext context) {
		return KilnClient.admin(context.getEnvironment().getRequiredProperty("local.server.port", Integer.class),
				this.dataDir);
	}

	@Test
	void aRestartKeepsEveryJobMetricAndCheckpointAndTrainsWhatWasQueued() {
		String trained;
		String queued;
		JsonNode job;
		JsonNode metrics;
		JsonNode checkpoints;
		try (ConfigurableApplicationContext first = start(1)) {
			KilnClient kiln = client(first);
			assertThat(this.dataDir.resolve("db")).as("the database lives in the given data folder").isDirectory();
			trained = kiln.submit(KilnClient.example("iris-mlp.json"));
			assertThat(kiln.awaitEnd(trained, Duration.ofMinutes(3)).get("status").asString()).isEqualTo("SUCCEEDED");
			job = kiln.get("/api/v1/jobs/" + trained).json();
			metrics = kiln.get("/api/v1/jobs/" + trained + "/metrics").json();
			checkpoints = kiln.get("/api/v1/jobs/" + trained + "/checkpoints").json();
		}
		try (ConfigurableApplicationContext apiOnly = start(0)) {
			queued = client(apiOnly).submit(KilnClient.example("wine-perceptron.json"));
		}
		try (ConfigurableApplicationContext second = start(1)) {
			KilnClient kiln = client(second);
			assertThat(kiln.get("/api/v1/jobs/" + trained).json()).isEqualTo(job);
			assertThat(kiln.get("/api/v1/jobs/" + trained + "/metrics").json()).isEqualTo(metrics);
			assertThat(kiln.get("/api/v1/jobs/" + trained + "/checkpoints").json()).isEqualTo(checkpoints);
			String best = checkpoints.get("bestCheckpointId").asString();
			assertThat(kiln.get("/api/v1/checkpoints/" + best + "/download").status()).isEqualTo(200);

			JsonNode resumed = kiln.awaitEnd(queued, Duration.ofMinutes(3));
			assertThat(resumed.get("status").asString()).as(resumed.toString()).isEqualTo("SUCCEEDED");
			assertThat(kiln.get("/api/v1/jobs/" + queued + "/metrics").json().get("items")).hasSize(30);
		}
	}

	@Test
	void aJobInterruptedByShutdownResumesFromItsNewestCheckpointWithoutCountingEpochsTwice() {
		ObjectNode spec = (ObjectNode) KilnClient.JSON.readTree(KilnClient.example("digits8x8-cnn.json"));
		((ObjectNode) spec.get("training")).put("epochs", 8);
		String id;
		try (ConfigurableApplicationContext first = start(1)) {
			KilnClient kiln = client(first);
			id = kiln.submit(spec.toString());
			Instant deadline = Instant.now().plusSeconds(120);
			while (kiln.get("/api/v1/jobs/" + id).json().get("epoch").asInt() < 2 && Instant.now().isBefore(deadline)) {
				KilnClient.sleep(50);
			}
		}
		try (ConfigurableApplicationContext second = start(1)) {
			KilnClient kiln = client(second);
			JsonNode job = kiln.awaitEnd(id, Duration.ofMinutes(3));

			assertThat(job.get("status").asString()).as(job.toString()).isEqualTo("SUCCEEDED");
			assertThat(job.get("attempt").asInt()).isEqualTo(2);
			assertThat(job.get("transitions")).extracting((t) -> t.get("to").asString())
				.containsExactly("QUEUED", "RUNNING", "QUEUED", "RUNNING", "SUCCEEDED");
			assertThat(job.get("transitions").get(2).get("reason").asString()).contains("shut down");
			JsonNode metrics = kiln.get("/api/v1/jobs/" + id + "/metrics").json().get("items");
			assertThat(metrics).extracting((m) -> m.get("epoch").asInt()).containsExactly(1, 2, 3, 4, 5, 6, 7, 8);
			assertThat(metrics).extracting((m) -> m.get("attempt").asInt()).contains(1, 2);
			assertThat(job.get("evaluation").get("accuracy").asDouble()).isGreaterThan(0.8);
		}
	}

}
