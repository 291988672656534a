package dev.kiln.e2e;

import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;

import dev.kiln.KilnApplication;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code kiln.engine.accelerations=off}: DL4J's own implementations on the CPU, the path
 * a GPU node takes. A job trains, is evaluated and predicts over HTTP, and the node says
 * which implementations it runs.
 */
@SpringBootTest(classes = KilnApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = "kiln.engine.accelerations=off")
class AccelerationsOffIT {

	static final Path DATA_DIR = Path.of("target", "it-data", "accelerations-off-" + UUID.randomUUID())
		.toAbsolutePath();

	@DynamicPropertySource
	static void dataFolder(DynamicPropertyRegistry registry) {
		registry.add("kiln.data-dir", DATA_DIR::toString);
	}

	@LocalServerPort
	int port;

	@Test
	void aJobTrainsEvaluatesAndPredictsWithDl4jsOwnImplementations() {
		KilnClient kiln = KilnClient.admin(this.port, DATA_DIR);
		ObjectNode spec = (ObjectNode) KilnClient.JSON.readTree(KilnClient.example("iris-mlp.json"));
		((ObjectNode) spec.get("training")).put("epochs", 30);

		String id = kiln.submit(spec.toString());

		JsonNode job = kiln.awaitEnd(id, Duration.ofMinutes(2));
		assertThat(job.get("status").asString()).as(job.toString()).isEqualTo("SUCCEEDED");
		assertThat(job.get("evaluation").get("accuracy").asDouble()).isGreaterThanOrEqualTo(0.8);
		JsonNode prediction = kiln
			.post("/api/v1/jobs/" + id + "/predict", "{\"instances\": [[5.1, 3.5, 1.4, 0.2], [6.9, 3.1, 5.4, 2.1]]}")
			.json()
			.get("predictions");
		assertThat(prediction.get(0).get("label").asString()).isEqualTo("setosa");
		assertThat(prediction.get(1).get("label").asString()).isEqualTo("virginica");
		JsonNode engine = kiln.get("/actuator/health").json().get("components").get("engine");
		assertThat(engine.get("details").get("accelerations").asString()).isEqualTo("off");
	}

}
