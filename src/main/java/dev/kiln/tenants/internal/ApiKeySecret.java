package dev.kiln.tenants.internal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;

/**
 * A new API key: {@code kiln_} and 256 random bits in base64url. It is stored as its
 * SHA-256 only. A fast hash is enough here, unlike for passwords: the key is random and
 * too long to guess, so there is nothing for a slow hash to protect.
 *
 * @param key the key, for the one answer that shows it
 * @param prefix its first characters, kept to tell keys apart
 * @param sha256 what is stored and looked up
 */
record ApiKeySecret(String key, String prefix, String sha256) {

	static final String PREFIX = "kiln_";

	private static final int PREFIX_LENGTH = PREFIX.length() + 6;

	private static final SecureRandom RANDOM = new SecureRandom();

	static ApiKeySecret generate() {
		byte[] bytes = new byte[32];
		RANDOM.nextBytes(bytes);
		String key = PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
		return new ApiKeySecret(key, key.substring(0, PREFIX_LENGTH), sha256(key));
	}

	static String sha256(String key) {
		try {
			return HexFormat.of()
				.formatHex(MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8)));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("every JVM has SHA-256", ex);
		}
	}

	@Override
	public String toString() {
		return "ApiKeySecret[prefix=" + this.prefix + "]";
	}

}
