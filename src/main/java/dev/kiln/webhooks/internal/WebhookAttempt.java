package dev.kiln.webhooks.internal;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** One try at sending a notice: the receiver's status code, or why none came. */
@Entity
@Table(name = "webhook_attempt")
class WebhookAttempt {

	private static final int MAX_ERROR_LENGTH = 500;

	@Id
	@GeneratedValue(strategy = GenerationType.IDENTITY)
	private Long id;

	@Column(nullable = false, updatable = false)
	private int attempt;

	@Column(nullable = false, updatable = false)
	private Instant at;

	@Column(name = "status_code", updatable = false)
	private Integer statusCode;

	@Column(updatable = false)
	private String error;

	@Column(name = "duration_ms", nullable = false, updatable = false)
	private long durationMs;

	protected WebhookAttempt() {
	}

	WebhookAttempt(int attempt, Instant at, Integer statusCode, String error, long durationMs) {
		this.attempt = attempt;
		this.at = at;
		this.statusCode = statusCode;
		this.error = (error == null || error.length() <= MAX_ERROR_LENGTH) ? error
				: error.substring(0, MAX_ERROR_LENGTH - 1) + "…";
		this.durationMs = durationMs;
	}

	boolean succeeded() {
		return this.statusCode != null && this.statusCode >= 200 && this.statusCode < 300;
	}

	int attempt() {
		return this.attempt;
	}

	Instant at() {
		return this.at;
	}

	Integer statusCode() {
		return this.statusCode;
	}

	String error() {
		return this.error;
	}

	long durationMs() {
		return this.durationMs;
	}

}
