package dev.kiln.jobs.internal.lifecycle;

import java.nio.file.Path;
import java.util.UUID;

import dev.kiln.KilnApplication;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The queue claim on the embedded H2 database (file mode, as Kiln runs by default). */
@SpringBootTest(classes = KilnApplication.class, webEnvironment = SpringBootTest.WebEnvironment.NONE,
		properties = "kiln.jobs.workers=0")
class QueueClaimIT extends QueueClaimContract {

	static final Path DATA_DIR = Path.of("target", "it-data", "claim-" + UUID.randomUUID()).toAbsolutePath();

	@DynamicPropertySource
	static void dataFolder(DynamicPropertyRegistry registry) {
		registry.add("kiln.data-dir", DATA_DIR::toString);
	}

	@Override
	boolean claimsRunSideBySide() {
		return false;
	}

}
