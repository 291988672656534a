package dev.kiln.web;

import java.util.UUID;

/**
 * Who is calling: the tenant and the API key a request was authenticated with.
 * Controllers take it as a parameter (it never appears in the API documents) and scope
 * every lookup to its tenant.
 *
 * @param tenantId the tenant the key belongs to; what the request may see
 * @param keyId the API key presented
 * @param admin whether the key may manage tenants and keys
 */
public record Caller(UUID tenantId, UUID keyId, boolean admin) {

	/**
	 * @throws ForbiddenException unless the key is an admin key
	 */
	public void requireAdmin() {
		if (!this.admin) {
			throw new ForbiddenException("admin-key-required", "This needs an admin API key");
		}
	}

}
