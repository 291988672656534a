package dev.kiln.webhooks.internal;

import java.security.SecureRandom;
import java.time.Clock;
import java.util.Base64;
import java.util.UUID;

import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Each tenant's signing secret, made at first use and replaced on rotation. One secret
 * per tenant means no tenant can forge another's notices.
 */
@Component
class TenantSecrets {

	private static final SecureRandom RANDOM = new SecureRandom();

	private final WebhookSecretRepository secrets;

	private final TransactionTemplate transactions;

	private final Clock clock;

	TenantSecrets(WebhookSecretRepository secrets, PlatformTransactionManager transactionManager, Clock clock) {
		this.secrets = secrets;
		this.transactions = new TransactionTemplate(transactionManager);
		this.clock = clock;
	}

	/** The tenant's secret, made now if it has none. */
	WebhookSecret of(UUID tenantId) {
		try {
			return this.transactions.execute((status) -> this.secrets.findById(tenantId)
				.orElseGet(() -> this.secrets
					.saveAndFlush(new WebhookSecret(tenantId, newSecret(), this.clock.instant()))));
		}
		catch (DataIntegrityViolationException ex) {
			// another request made it first
			return this.transactions.execute((status) -> this.secrets.findById(tenantId).orElseThrow());
		}
	}

	/**
	 * Replaces the tenant's secret; notices sent from now on are signed with the new one.
	 */
	WebhookSecret rotate(UUID tenantId) {
		of(tenantId);
		return this.transactions.execute((status) -> {
			WebhookSecret secret = this.secrets.findById(tenantId).orElseThrow();
			secret.replace(newSecret(), this.clock.instant());
			return this.secrets.saveAndFlush(secret);
		});
	}

	private static String newSecret() {
		byte[] bytes = new byte[32];
		RANDOM.nextBytes(bytes);
		return "whsec_" + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
	}

}
