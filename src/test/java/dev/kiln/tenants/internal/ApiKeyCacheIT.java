package dev.kiln.tenants.internal;

import java.nio.file.Path;
import java.time.Instant;
import java.util.UUID;

import dev.kiln.KilnApplication;
import dev.kiln.web.Caller;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The key cache against the real database: an active key is remembered for the TTL (a
 * revocation written by another node goes unseen until then), and a key revoked through
 * this node is refused at once.
 */
@SpringBootTest(classes = KilnApplication.class)
class ApiKeyCacheIT {

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		Path dataDir = Path.of("target", "it-data", UUID.randomUUID().toString()).toAbsolutePath();
		registry.add("kiln.data-dir", dataDir::toString);
		registry.add("kiln.tenants.key-cache-ttl", () -> "1s");
	}

	@Autowired
	TenantAdministration administration;

	@Autowired
	StoredApiKeyAuthenticator authenticator;

	@Autowired
	ApiKeyRepository keys;

	@Autowired
	PlatformTransactionManager transactions;

	private TenantAdministration.CreatedKey newKey() {
		Tenant tenant = this.administration.createTenant("cache-" + UUID.randomUUID().toString().substring(0, 8));
		return this.administration.createKey(tenant.getId(), "tests", false);
	}

	@Test
	void aKeyRevokedThroughThisNodeIsRefusedAtOnce() {
		TenantAdministration.CreatedKey made = newKey();
		assertThat(this.authenticator.authenticate(made.secret())).map(Caller::keyId).hasValue(made.key().getId());
		assertThat(this.authenticator.authenticate(made.secret())).isPresent();

		this.administration.revokeKey(made.key().getTenantId(), made.key().getId());

		assertThat(this.authenticator.authenticate(made.secret())).isEmpty();
	}

	@Test
	void anActiveKeyIsRememberedUntilItsTtlEnds() throws Exception {
		TenantAdministration.CreatedKey made = newKey();
		assertThat(this.authenticator.authenticate(made.secret())).isPresent();

		// revoked in the database behind this node's back, as another node would
		new TransactionTemplate(this.transactions).executeWithoutResult(
				(status) -> this.keys.findById(made.key().getId()).orElseThrow().revoke(Instant.now()));
		assertThat(this.keys.findBySecretSha256AndRevokedAtIsNull(ApiKeySecret.sha256(made.secret()))).isEmpty();

		assertThat(this.authenticator.authenticate(made.secret())).as("remembered, not looked up").isPresent();
		Thread.sleep(1200);
		assertThat(this.authenticator.authenticate(made.secret())).as("looked up again after the TTL").isEmpty();
	}

}
