package dev.kiln.jobs.internal.api;

import java.nio.file.Path;
import java.util.UUID;

import dev.kiln.KilnApplication;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The race of a dataset's deletion and a job's submission on the embedded H2. */
@SpringBootTest(classes = KilnApplication.class, webEnvironment = SpringBootTest.WebEnvironment.NONE,
		properties = "kiln.jobs.workers=0")
class DatasetDeletionRaceIT extends DatasetDeletionRaceContract {

	@DynamicPropertySource
	static void dataFolder(DynamicPropertyRegistry registry) {
		Path dataDir = Path.of("target", "it-data", "race-" + UUID.randomUUID()).toAbsolutePath();
		registry.add("kiln.data-dir", dataDir::toString);
	}

}
