package dev.kiln.tenants.internal;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import dev.kiln.web.ConflictException;
import dev.kiln.web.InvalidRequestException;
import dev.kiln.web.Names;
import dev.kiln.web.NotFoundException;

import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.Pageable;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Tenants and their API keys: made, listed and revoked by admins.
 */
@Service
class TenantAdministration {

	private static final int MAX_TENANT_NAME_LENGTH = 100;

	private static final int MAX_KEY_NAME_LENGTH = 100;

	private final TenantRepository tenants;

	private final ApiKeyRepository keys;

	private final Clock clock;

	private final StoredApiKeyAuthenticator authenticator;

	TenantAdministration(TenantRepository tenants, ApiKeyRepository keys, Clock clock,
			StoredApiKeyAuthenticator authenticator) {
		this.tenants = tenants;
		this.keys = keys;
		this.clock = clock;
		this.authenticator = authenticator;
	}

	/**
	 * @throws InvalidRequestException if the name is not a plain name
	 * @throws ConflictException {@code tenant-name-taken} if a tenant has it
	 */
	@Transactional
	Tenant createTenant(String requestedName) {
		tenantNameProblem(requestedName).ifPresent((problem) -> {
			throw new InvalidRequestException("$.name", problem);
		});
		String name = Names.nfc(requestedName);
		if (this.tenants.existsByName(name)) {
			throw nameTaken(name);
		}
		try {
			return this.tenants.saveAndFlush(new Tenant(UUID.randomUUID(), name, now()));
		}
		catch (DataIntegrityViolationException ex) {
			// another request took the name between the check and the insert
			throw nameTaken(name);
		}
	}

	@Transactional(readOnly = true)
	Page<Tenant> tenants(Pageable pageable) {
		return this.tenants.findAll(pageable);
	}

	@Transactional(readOnly = true)
	Tenant tenant(UUID id) {
		return this.tenants.findById(id).orElseThrow(() -> new NotFoundException("Tenant", id));
	}

	/**
	 * Makes a key for a tenant. The answer holds the key itself; nothing else ever will.
	 */
	@Transactional
	CreatedKey createKey(UUID tenantId, String name, boolean admin) {
		tenant(tenantId);
		keyNameProblem(name).ifPresent((problem) -> {
			throw new InvalidRequestException("$.name", problem);
		});
		ApiKeySecret secret = ApiKeySecret.generate();
		ApiKey key = this.keys
			.saveAndFlush(new ApiKey(UUID.randomUUID(), tenantId, Names.nfc(name), secret, admin, now()));
		return new CreatedKey(key, secret.key());
	}

	@Transactional(readOnly = true)
	List<ApiKey> keys(UUID tenantId) {
		tenant(tenantId);
		return this.keys.findByTenantIdOrderByCreatedAtAsc(tenantId);
	}

	/**
	 * Revokes a key at once: the next request that presents it to this node is refused
	 * (other nodes may remember it as active for up to
	 * {@code kiln.tenants.key-cache-ttl}).
	 * @throws ConflictException {@code last-admin-key} for the only active admin key,
	 * which would lock every admin out
	 */
	@Transactional
	ApiKey revokeKey(UUID tenantId, UUID keyId) {
		ApiKey key = this.keys.findByIdAndTenantId(keyId, tenantId)
			.orElseThrow(() -> new NotFoundException("API key of tenant " + tenantId, keyId));
		if (key.isActive() && key.isAdmin()) {
			// two admins revoking the last two admin keys at once would each count two
			// and
			// leave none: the second waits for the first's commit, then counts again
			this.keys.lockActiveAdminKeys();
			if (this.keys.countByAdminTrueAndRevokedAtIsNull() <= 1) {
				throw new ConflictException("last-admin-key",
						"API key " + keyId + " is the only active admin key; make another before revoking it");
			}
		}
		key.revoke(now());
		// forget it now and again once the revocation is visible, so that a lookup that
		// read the key as active in between is not remembered
		this.authenticator.forget(keyId);
		TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
			@Override
			public void afterCompletion(int status) {
				TenantAdministration.this.authenticator.forget(keyId);
			}
		});
		return key;
	}

	/** See {@link Names#identifierProblem}. */
	static Optional<String> tenantNameProblem(String name) {
		return Names.identifierProblem(name, MAX_TENANT_NAME_LENGTH);
	}

	/** See {@link Names#labelProblem}. */
	static Optional<String> keyNameProblem(String name) {
		if (name == null || name.isBlank()) {
			return Optional.of("is required: a label to tell the key by, up to " + MAX_KEY_NAME_LENGTH + " characters");
		}
		return Names.labelProblem(name, MAX_KEY_NAME_LENGTH);
	}

	private Instant now() {
		return this.clock.instant().truncatedTo(ChronoUnit.MICROS);
	}

	private static ConflictException nameTaken(String name) {
		return new ConflictException("tenant-name-taken", "A tenant named '" + name + "' already exists");
	}

	/** A key just made, with the key itself. */
	record CreatedKey(ApiKey key, String secret) {
	}

}
