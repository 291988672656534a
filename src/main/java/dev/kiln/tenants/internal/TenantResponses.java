package dev.kiln.tenants.internal;

import java.time.Instant;
import java.util.UUID;

import io.swagger.v3.oas.annotations.media.Schema;

/**
 * What the tenant API reads and answers.
 */
final class TenantResponses {

	private TenantResponses() {
	}

	record CreateTenantRequest(@Schema(
			description = "1 to 100 letters (of any script), digits, '-', '_' or '.'; unique; stored in Unicode NFC",
			example = "course-2026", requiredMode = Schema.RequiredMode.REQUIRED) String name) {
	}

	record CreateKeyRequest(
			@Schema(description = "A label to tell the key by: up to 100 characters, no control or format "
					+ "characters, nothing path-like", example = "lab machines",
					requiredMode = Schema.RequiredMode.REQUIRED) String name,
			@Schema(description = "Whether the key may manage tenants and keys; false when left out") Boolean admin) {
	}

	record TenantResponse(UUID id, String name, Instant createdAt) {

		static TenantResponse of(Tenant tenant) {
			return new TenantResponse(tenant.getId(), tenant.getName(), tenant.getCreatedAt());
		}

	}

	record KeyResponse(UUID id, UUID tenantId, String name,
			@Schema(description = "The key's first characters, to tell keys apart") String prefix, boolean admin,
			Instant createdAt,
			@Schema(description = "When the key was revoked; null while it works") Instant revokedAt) {

		static KeyResponse of(ApiKey key) {
			return new KeyResponse(key.getId(), key.getTenantId(), key.getName(), key.getPrefix(), key.isAdmin(),
					key.getCreatedAt(), key.getRevokedAt());
		}

	}

	record CreatedKeyResponse(UUID id, UUID tenantId, String name, String prefix, boolean admin, Instant createdAt,
			@Schema(description = "The API key, to send as 'Authorization: Bearer <key>'. Shown only in this "
					+ "answer: Kiln keeps only its hash.") String key) {

		static CreatedKeyResponse of(TenantAdministration.CreatedKey created) {
			ApiKey key = created.key();
			return new CreatedKeyResponse(key.getId(), key.getTenantId(), key.getName(), key.getPrefix(), key.isAdmin(),
					key.getCreatedAt(), created.secret());
		}

	}

	record CallerResponse(UUID tenantId, String tenantName, UUID keyId, boolean admin) {
	}

}
