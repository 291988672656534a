package dev.kiln.tenants.internal;

import java.nio.file.Path;
import java.util.UUID;

import dev.kiln.KilnApplication;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The last admin key's guard on the embedded H2. */
@SpringBootTest(classes = KilnApplication.class, webEnvironment = SpringBootTest.WebEnvironment.NONE,
		properties = "kiln.jobs.workers=0")
class LastAdminKeyIT extends LastAdminKeyContract {

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		Path dataDir = Path.of("target", "it-data", UUID.randomUUID().toString()).toAbsolutePath();
		registry.add("kiln.data-dir", dataDir::toString);
	}

}
