package dev.kiln.tenants.internal;

import java.util.Optional;

import dev.kiln.web.ApiKeyAuthenticator;
import dev.kiln.web.Caller;

import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Checks presented keys against the stored hashes. The lookup is by the presented key's
 * SHA-256, so comparing in the database leaks nothing about any stored key.
 */
@Component
class StoredApiKeyAuthenticator implements ApiKeyAuthenticator {

	/** {@code kiln_} and 43 base64url characters. */
	private static final int KEY_LENGTH = ApiKeySecret.PREFIX.length() + 43;

	private final ApiKeyRepository keys;

	StoredApiKeyAuthenticator(ApiKeyRepository keys) {
		this.keys = keys;
	}

	@Override
	@Transactional(readOnly = true)
	public Optional<Caller> authenticate(String apiKey) {
		if (apiKey.length() != KEY_LENGTH || !apiKey.startsWith(ApiKeySecret.PREFIX)) {
			return Optional.empty();
		}
		return this.keys.findBySecretSha256AndRevokedAtIsNull(ApiKeySecret.sha256(apiKey))
			.map((key) -> new Caller(key.getTenantId(), key.getId(), key.isAdmin()));
	}

}
