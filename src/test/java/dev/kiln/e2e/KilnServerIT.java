package dev.kiln.e2e;

import java.nio.file.Path;
import java.util.UUID;

import dev.kiln.KilnApplication;
import org.junit.jupiter.api.BeforeEach;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Kiln started whole on a random port with its embedded defaults (H2 file database, CPU,
 * a data folder of its own). Test classes that extend this share one running server.
 */
@SpringBootTest(classes = KilnApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
abstract class KilnServerIT {

	/**
	 * One folder for the one server all these classes share (a per-class temporary folder
	 * would be deleted under the cached server's feet).
	 */
	static final Path DATA_DIR = Path.of("target", "it-data", UUID.randomUUID().toString()).toAbsolutePath();

	@DynamicPropertySource
	static void dataFolder(DynamicPropertyRegistry registry) {
		registry.add("kiln.data-dir", DATA_DIR::toString);
		// webhook receivers in tests listen on 127.0.0.1 (WebhooksIT); retries come
		// quickly
		registry.add("kiln.webhooks.allowed-networks", () -> "127.0.0.1/32");
		registry.add("kiln.webhooks.initial-backoff", () -> "200ms");
		registry.add("kiln.webhooks.max-backoff", () -> "1s");
		registry.add("kiln.webhooks.max-attempts", () -> "4");
		registry.add("kiln.webhooks.connect-timeout", () -> "2s");
		registry.add("kiln.webhooks.read-timeout", () -> "3s");
		registry.add("kiln.webhooks.poll-interval", () -> "100ms");
		// concurrent predictions wait a little for each other (ConcurrentPredictionsIT)
		registry.add("kiln.inference.batch-wait", () -> "5ms");
	}

	@LocalServerPort
	int port;

	KilnClient kiln;

	@BeforeEach
	void client() {
		this.kiln = KilnClient.admin(this.port, DATA_DIR);
	}

}
