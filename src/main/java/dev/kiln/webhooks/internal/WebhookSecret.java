package dev.kiln.webhooks.internal;

import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** A tenant's signing secret for its notices. */
@Entity
@Table(name = "webhook_secret")
class WebhookSecret {

	@Id
	@Column(name = "tenant_id")
	private UUID tenantId;

	@Column(nullable = false)
	private String secret;

	@Column(name = "created_at", nullable = false)
	private Instant createdAt;

	protected WebhookSecret() {
	}

	WebhookSecret(UUID tenantId, String secret, Instant createdAt) {
		this.tenantId = tenantId;
		this.secret = secret;
		this.createdAt = createdAt;
	}

	void replace(String secret, Instant now) {
		this.secret = secret;
		this.createdAt = now;
	}

	UUID tenantId() {
		return this.tenantId;
	}

	String secret() {
		return this.secret;
	}

	Instant createdAt() {
		return this.createdAt;
	}

}
