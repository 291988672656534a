package dev.kiln.tenants.internal;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import dev.kiln.tenants.TenantsProperties;
import dev.kiln.web.ApiKeyAuthenticator;
import dev.kiln.web.Caller;

import org.springframework.stereotype.Component;

/**
 * Checks presented keys against the stored hashes. The lookup is by the presented key's
 * SHA-256, so comparing in the database leaks nothing about any stored key.
 * <p>
 * Active keys found are remembered for {@code kiln.tenants.key-cache-ttl}, so that a
 * client's requests do not each query the database. Revoking a key forgets it on this
 * node at once ({@link #forget}); other nodes refuse it once their entry expires, within
 * the TTL. Unknown keys are never remembered.
 */
@Component
class StoredApiKeyAuthenticator implements ApiKeyAuthenticator {

	/** {@code kiln_} and 43 base64url characters. */
	private static final int KEY_LENGTH = ApiKeySecret.PREFIX.length() + 43;

	/** Remembered keys at most; past it the cache starts over. */
	private static final int REMEMBERED = 10_000;

	private final ApiKeyRepository keys;

	private final long ttlNanos;

	private final Map<String, Remembered> bySha256 = new ConcurrentHashMap<>();

	/**
	 * Counts {@link #forget} calls: a lookup that overlapped one does not remember its
	 * answer, which may have been read before the revocation committed.
	 */
	private final AtomicLong forgets = new AtomicLong();

	private record Remembered(Caller caller, long expiresAt) {
	}

	StoredApiKeyAuthenticator(ApiKeyRepository keys, TenantsProperties properties) {
		this.keys = keys;
		Duration ttl = properties.keyCacheTtl();
		this.ttlNanos = (ttl != null) ? ttl.toNanos() : 0;
	}

	@Override
	public Optional<Caller> authenticate(String apiKey) {
		if (apiKey.length() != KEY_LENGTH || !apiKey.startsWith(ApiKeySecret.PREFIX)) {
			return Optional.empty();
		}
		String sha256 = ApiKeySecret.sha256(apiKey);
		long now = System.nanoTime();
		Remembered remembered = this.bySha256.get(sha256);
		if (remembered != null && now - remembered.expiresAt() < 0) {
			return Optional.of(remembered.caller());
		}
		long forgetsBefore = this.forgets.get();
		Optional<Caller> caller = this.keys.findBySecretSha256AndRevokedAtIsNull(sha256)
			.map((key) -> new Caller(key.getTenantId(), key.getId(), key.isAdmin()));
		if (caller.isPresent() && this.ttlNanos > 0) {
			if (this.bySha256.size() >= REMEMBERED) {
				this.bySha256.clear();
			}
			this.bySha256.put(sha256, new Remembered(caller.get(), now + this.ttlNanos));
			if (this.forgets.get() != forgetsBefore) {
				this.bySha256.remove(sha256);
			}
		}
		else if (caller.isEmpty() && remembered != null) {
			this.bySha256.remove(sha256, remembered);
		}
		return caller;
	}

	/** Forgets a key on this node: its next request is checked against the database. */
	void forget(UUID keyId) {
		this.forgets.incrementAndGet();
		this.bySha256.values().removeIf((remembered) -> remembered.caller().keyId().equals(keyId));
	}

}
