package dev.kiln.jobs.internal;

import java.nio.file.Path;
import java.util.UUID;

import dev.kiln.KilnApplication;
import dev.kiln.testing.PostgresTestDatabase;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The queue claim on PostgreSQL, in a database of its own. */
@EnabledIfEnvironmentVariable(named = PostgresTestDatabase.URL_VARIABLE, matches = ".+")
@SpringBootTest(classes = KilnApplication.class, webEnvironment = SpringBootTest.WebEnvironment.NONE,
		properties = "kiln.jobs.workers=0")
@Import(PostgresQueueClaimIT.DropDatabase.class)
@DirtiesContext
class PostgresQueueClaimIT extends QueueClaimContract {

	static final Path DATA_DIR = Path.of("target", "it-data", "pg-claim-" + UUID.randomUUID()).toAbsolutePath();

	static PostgresTestDatabase database;

	@DynamicPropertySource
	static void postgres(DynamicPropertyRegistry registry) {
		database = PostgresTestDatabase.create("claim");
		registry.add("kiln.data-dir", DATA_DIR::toString);
		registry.add("spring.datasource.url", database::url);
		registry.add("spring.datasource.username", PostgresTestDatabase::user);
		registry.add("spring.datasource.password", PostgresTestDatabase::password);
	}

	/** Drops the database once the context (and its connection pool) is closed. */
	@TestConfiguration(proxyBeanMethods = false)
	static class DropDatabase {

		@Bean
		DisposableBean dropTestDatabase() {
			return () -> database.close();
		}

	}

	@Override
	boolean claimsRunSideBySide() {
		return true;
	}

}
