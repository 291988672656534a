package dev.kiln.web;

import java.util.Optional;

import org.springframework.modulith.NamedInterface;

/**
 * Tells who holds an API key. The web layer asks it for every request that carries one;
 * the module that stores keys implements it (the {@code authentication} interface).
 */
@NamedInterface("authentication")
public interface ApiKeyAuthenticator {

	/**
	 * The caller this key identifies, or empty if no active key matches it (unknown or
	 * revoked).
	 */
	Optional<Caller> authenticate(String apiKey);

}
