package dev.kiln.e2e;

import java.nio.file.Path;
import java.util.UUID;

import dev.kiln.KilnApplication;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code kiln.node.role=worker}: the node answers the API with a 503 problem document,
 * with or without a key, and still answers health probes.
 */
@SpringBootTest(classes = KilnApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = "kiln.node.role=worker")
class WorkerNodeIT {

	static final Path DATA_DIR = Path.of("target", "it-data", "worker-node-" + UUID.randomUUID()).toAbsolutePath();

	@DynamicPropertySource
	static void dataFolder(DynamicPropertyRegistry registry) {
		registry.add("kiln.data-dir", DATA_DIR::toString);
	}

	@LocalServerPort
	int port;

	@Test
	void refusesTheApiWithAProblemDocumentWithOrWithoutAKey() {
		KilnClient admin = KilnClient.admin(this.port, DATA_DIR);
		for (KilnClient kiln : new KilnClient[] { admin, admin.withKey(null) }) {
			for (String path : new String[] { "/api/v1/jobs", "/api/v1/datasets", "/api/v1/me", "/api/nothing" }) {
				KilnClient.Response response = kiln.get(path);
				assertThat(response.status()).as("%s with key %s: %s", path, kiln.apiKey(), response).isEqualTo(503);
				assertThat(response.header("Content-Type")).startsWith("application/problem+json");
				JsonNode problem = response.json();
				assertThat(problem.get("type").asString()).isEqualTo("/problems/api-not-served");
				assertThat(problem.get("status").asInt()).isEqualTo(503);
				assertThat(problem.get("detail").asString()).contains("kiln.node.role=worker");
				assertThat(problem.get("instance").asString()).isEqualTo(path);
			}
		}
		KilnClient.Response submit = admin.post("/api/v1/jobs", KilnClient.example("iris-mlp.json"));
		assertThat(submit.status()).isEqualTo(503);
	}

	@Test
	void stillAnswersHealthProbes() {
		KilnClient.Response health = new KilnClient(this.port, null).get("/actuator/health");
		assertThat(health.status()).isEqualTo(200);
		assertThat(health.json().get("status").asString()).isEqualTo("UP");
	}

}
