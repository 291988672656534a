package dev.kiln.testing;

import java.nio.file.Path;
import java.util.UUID;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * A Spring test context on a {@link PostgresTestDatabase} of its own: call
 * {@link #register} from the test class's {@code @DynamicPropertySource}, and
 * {@code @Import} this class so that the database is dropped once the context (and its
 * connection pool) is closed.
 */
@TestConfiguration(proxyBeanMethods = false)
public class PostgresTestContext {

	private static final String DATABASE_PROPERTY = "kiln-test.postgres-database";

	/**
	 * Creates a database named after {@code purpose} and points the context's datasource
	 * at it, and its data folder at a fresh folder under {@code target/it-data}.
	 */
	public static PostgresTestDatabase register(DynamicPropertyRegistry registry, String purpose) {
		PostgresTestDatabase database = PostgresTestDatabase.create(purpose);
		Path dataDir = Path.of("target", "it-data", "pg-" + purpose + "-" + UUID.randomUUID()).toAbsolutePath();
		registry.add("kiln.data-dir", dataDir::toString);
		registry.add("spring.datasource.url", database::url);
		registry.add("spring.datasource.username", PostgresTestDatabase::user);
		registry.add("spring.datasource.password", PostgresTestDatabase::password);
		registry.add(DATABASE_PROPERTY, database::name);
		return database;
	}

	@Bean
	DisposableBean dropTestDatabase(@Value("${" + DATABASE_PROPERTY + "}") String name) {
		return () -> PostgresTestDatabase.drop(name);
	}

}
