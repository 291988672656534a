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
 * {@code kiln.node.role=api}: the node serves the API and queues jobs, but trains none.
 */
@SpringBootTest(classes = KilnApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "kiln.node.role=api", "kiln.jobs.poll-interval=200ms" })
class ApiNodeIT {

	static final Path DATA_DIR = Path.of("target", "it-data", "api-node-" + UUID.randomUUID()).toAbsolutePath();

	@DynamicPropertySource
	static void dataFolder(DynamicPropertyRegistry registry) {
		registry.add("kiln.data-dir", DATA_DIR::toString);
	}

	@LocalServerPort
	int port;

	@Test
	void acceptsJobsButTrainsNone() {
		KilnClient kiln = KilnClient.admin(this.port, DATA_DIR);
		String id = kiln.submit(KilnClient.example("iris-mlp.json"));

		// many dispatcher ticks later, the job is still waiting for a worker node
		KilnClient.sleep(2000);
		JsonNode job = kiln.get("/api/v1/jobs/" + id).json();
		assertThat(job.get("status").asString()).as(job.toString()).isEqualTo("QUEUED");
		assertThat(job.get("attempt").asInt()).isZero();
		assertThat(kiln.post("/api/v1/jobs/" + id + "/cancel", "").status()).isEqualTo(202);
	}

}
