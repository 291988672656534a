package dev.kiln.tenants.internal;

import java.time.Instant;
import java.util.UUID;

import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.PostLoad;
import jakarta.persistence.PostPersist;
import jakarta.persistence.Table;
import jakarta.persistence.Transient;

import org.springframework.data.domain.Persistable;

/**
 * A row of the {@code api_key} table. Only the key's SHA-256 is stored, and its first
 * characters so that people can tell their keys apart; the key itself is shown once, when
 * it is made.
 */
@Entity
@Table(name = "api_key")
class ApiKey implements Persistable<UUID> {

	@Id
	private UUID id;

	@Column(name = "tenant_id", nullable = false, updatable = false)
	private UUID tenantId;

	// 100 characters: H2 counts UTF-16 units, two for a character beyond the BMP (V12)
	@Column(name = "name", nullable = false, length = 200)
	private String name;

	@Column(name = "prefix", nullable = false, length = 20, updatable = false)
	private String prefix;

	@Column(name = "secret_sha256", nullable = false, unique = true, length = 64, columnDefinition = "char(64)",
			updatable = false)
	// a fixed-length column: PostgreSQL reports it as CHAR, which validation must expect
	@JdbcTypeCode(SqlTypes.CHAR)
	private String secretSha256;

	@Column(name = "admin", nullable = false, updatable = false)
	private boolean admin;

	@Column(name = "created_at", nullable = false, updatable = false)
	private Instant createdAt;

	@Column(name = "revoked_at")
	private Instant revokedAt;

	@Transient
	private boolean isNew;

	protected ApiKey() {
	}

	ApiKey(UUID id, UUID tenantId, String name, ApiKeySecret secret, boolean admin, Instant createdAt) {
		this.id = id;
		this.tenantId = tenantId;
		this.name = name;
		this.prefix = secret.prefix();
		this.secretSha256 = secret.sha256();
		this.admin = admin;
		this.createdAt = createdAt;
		this.isNew = true;
	}

	void revoke(Instant at) {
		if (this.revokedAt == null) {
			this.revokedAt = at;
		}
	}

	boolean isActive() {
		return this.revokedAt == null;
	}

	@PostLoad
	@PostPersist
	void markNotNew() {
		this.isNew = false;
	}

	@Override
	public boolean isNew() {
		return this.isNew;
	}

	@Override
	public UUID getId() {
		return this.id;
	}

	UUID getTenantId() {
		return this.tenantId;
	}

	String getName() {
		return this.name;
	}

	String getPrefix() {
		return this.prefix;
	}

	boolean isAdmin() {
		return this.admin;
	}

	Instant getCreatedAt() {
		return this.createdAt;
	}

	Instant getRevokedAt() {
		return this.revokedAt;
	}

}
