package dev.kiln.tenants.internal;

import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.PostLoad;
import jakarta.persistence.PostPersist;
import jakarta.persistence.Table;
import jakarta.persistence.Transient;

import org.springframework.data.domain.Persistable;

/**
 * A row of the {@code tenant} table: who owns datasets, jobs and their checkpoints.
 */
@Entity
@Table(name = "tenant")
class Tenant implements Persistable<UUID> {

	/**
	 * The tenant made by the schema: it owns what existed before tenants did, and the
	 * first admin key.
	 */
	static final UUID DEFAULT_ID = UUID.fromString("00000000-0000-0000-0000-000000000001");

	@Id
	private UUID id;

	// 100 characters: H2 counts UTF-16 units, two for a character beyond the BMP (V12)
	@Column(name = "name", nullable = false, unique = true, length = 200)
	private String name;

	@Column(name = "created_at", nullable = false, updatable = false)
	private Instant createdAt;

	@Transient
	private boolean isNew;

	protected Tenant() {
	}

	Tenant(UUID id, String name, Instant createdAt) {
		this.id = id;
		this.name = name;
		this.createdAt = createdAt;
		this.isNew = true;
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

	String getName() {
		return this.name;
	}

	Instant getCreatedAt() {
		return this.createdAt;
	}

}
