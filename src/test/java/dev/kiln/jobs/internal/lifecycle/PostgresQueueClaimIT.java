package dev.kiln.jobs.internal.lifecycle;

import dev.kiln.testing.PostgresKilnTest;
import dev.kiln.testing.PostgresTestContext;

import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The queue claim on PostgreSQL, in a database of its own. */
@PostgresKilnTest
class PostgresQueueClaimIT extends QueueClaimContract {

	@DynamicPropertySource
	static void postgres(DynamicPropertyRegistry registry) {
		PostgresTestContext.register(registry, "claim");
	}

	@Override
	boolean claimsRunSideBySide() {
		return true;
	}

}
