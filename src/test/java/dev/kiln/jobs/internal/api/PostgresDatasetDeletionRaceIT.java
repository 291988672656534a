package dev.kiln.jobs.internal.api;

import dev.kiln.testing.PostgresKilnTest;
import dev.kiln.testing.PostgresTestContext;

import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The race of a dataset's deletion and a job's submission on PostgreSQL. */
@PostgresKilnTest
class PostgresDatasetDeletionRaceIT extends DatasetDeletionRaceContract {

	@DynamicPropertySource
	static void postgres(DynamicPropertyRegistry registry) {
		PostgresTestContext.register(registry, "race");
	}

}
