package dev.kiln.e2e;

import java.nio.file.Path;

import dev.kiln.KilnApplication;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

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

	@TempDir
	static Path dataDir;

	@DynamicPropertySource
	static void dataFolder(DynamicPropertyRegistry registry) {
		registry.add("kiln.data-dir", () -> dataDir.toString());
	}

	@LocalServerPort
	int port;

	KilnClient kiln;

	@BeforeEach
	void client() {
		this.kiln = new KilnClient(this.port);
	}

}
