package dev.kiln.tenants.internal;

import dev.kiln.testing.PostgresKilnTest;
import dev.kiln.testing.PostgresTestContext;

import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The last admin key's guard on PostgreSQL, in a database of its own. */
@PostgresKilnTest
class PostgresLastAdminKeyIT extends LastAdminKeyContract {

	@DynamicPropertySource
	static void postgres(DynamicPropertyRegistry registry) {
		PostgresTestContext.register(registry, "admins");
	}

}
