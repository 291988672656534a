package dev.kiln.web;

import java.util.Optional;

/**
 * Tells who holds an API key. The web layer asks it for every request that carries one;
 * the module that stores keys implements it.
 */
public interface ApiKeyAuthenticator {

	/**
	 * The caller this key identifies, or empty if no active key matches it (unknown or
	 * revoked).
	 */
	Optional<Caller> authenticate(String apiKey);

}
