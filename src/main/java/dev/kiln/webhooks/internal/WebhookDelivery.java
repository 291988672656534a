package dev.kiln.webhooks.internal;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;

import jakarta.persistence.CascadeType;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.OneToMany;
import jakarta.persistence.OrderBy;
import jakarta.persistence.Table;
import jakarta.persistence.Version;

/**
 * One notice to one callback URL, with every attempt to send it. PENDING until a 2xx
 * answer makes it DELIVERED or the attempts run out (FAILED).
 */
@Entity
@Table(name = "webhook_delivery")
class WebhookDelivery {

	static final String PENDING = "PENDING";

	static final String DELIVERED = "DELIVERED";

	static final String FAILED = "FAILED";

	@Id
	private UUID id;

	@Column(name = "job_id", nullable = false, updatable = false)
	private UUID jobId;

	@Column(name = "tenant_id", nullable = false, updatable = false)
	private UUID tenantId;

	@Column(name = "event_type", nullable = false, updatable = false)
	private String eventType;

	@Column(nullable = false, updatable = false)
	private String url;

	@Column(nullable = false, updatable = false)
	private String payload;

	@Column(nullable = false)
	private String status;

	@Column(nullable = false)
	private int attempts;

	@Column(name = "next_attempt_at", nullable = false)
	private Instant nextAttemptAt;

	@Column(name = "created_at", nullable = false, updatable = false)
	private Instant createdAt;

	@Column(name = "finished_at")
	private Instant finishedAt;

	@Version
	private long version;

	@OneToMany(cascade = CascadeType.ALL)
	@JoinColumn(name = "delivery_id", nullable = false, updatable = false)
	@OrderBy("attempt")
	private List<WebhookAttempt> attemptLog = new ArrayList<>();

	protected WebhookDelivery() {
	}

	WebhookDelivery(UUID id, UUID jobId, UUID tenantId, String eventType, String url, String payload, Instant now) {
		this.id = id;
		this.jobId = jobId;
		this.tenantId = tenantId;
		this.eventType = eventType;
		this.url = url;
		this.payload = payload;
		this.status = PENDING;
		this.nextAttemptAt = now;
		this.createdAt = now;
	}

	/** Claimed by a dispatcher: no other picks it up before {@code until}. */
	void claim(Instant until) {
		this.nextAttemptAt = until;
	}

	/**
	 * Records an attempt; a 2xx ends the delivery, anything else schedules the next
	 * attempt at {@code retryAt}, or gives up when it is null.
	 */
	void attempted(WebhookAttempt attempt, Instant retryAt, Instant now) {
		this.attempts++;
		this.attemptLog.add(attempt);
		if (attempt.succeeded()) {
			this.status = DELIVERED;
			this.finishedAt = now;
		}
		else if (retryAt == null) {
			this.status = FAILED;
			this.finishedAt = now;
		}
		else {
			this.nextAttemptAt = retryAt;
		}
	}

	UUID id() {
		return this.id;
	}

	UUID jobId() {
		return this.jobId;
	}

	UUID tenantId() {
		return this.tenantId;
	}

	String eventType() {
		return this.eventType;
	}

	String url() {
		return this.url;
	}

	String payload() {
		return this.payload;
	}

	String status() {
		return this.status;
	}

	int attempts() {
		return this.attempts;
	}

	Instant nextAttemptAt() {
		return this.nextAttemptAt;
	}

	Instant createdAt() {
		return this.createdAt;
	}

	Instant finishedAt() {
		return this.finishedAt;
	}

	List<WebhookAttempt> attemptLog() {
		return Collections.unmodifiableList(this.attemptLog);
	}

}
