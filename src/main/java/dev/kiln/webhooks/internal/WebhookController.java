package dev.kiln.webhooks.internal;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import dev.kiln.checkpoints.JobOwnership;
import dev.kiln.web.Caller;
import dev.kiln.web.NotFoundException;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;

import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

@Tag(name = "Webhooks",
		description = "Signed notices of ended jobs: the tenant's signing secret and each job's " + "deliveries")
@RestController
class WebhookController {

	private final TenantSecrets secrets;

	private final WebhookDeliveryRepository deliveries;

	private final JobOwnership ownership;

	WebhookController(TenantSecrets secrets, WebhookDeliveryRepository deliveries, JobOwnership ownership) {
		this.secrets = secrets;
		this.deliveries = deliveries;
		this.ownership = ownership;
	}

	/**
	 * @param secret the HMAC-SHA256 key of the {@code Kiln-Signature} header (its UTF-8
	 * bytes)
	 */
	record SecretResponse(String secret, Instant createdAt) {

		static SecretResponse of(WebhookSecret secret) {
			return new SecretResponse(secret.secret(), secret.createdAt());
		}

	}

	record AttemptResponse(int attempt, Instant at, Integer statusCode, String error, long durationMs) {

		static AttemptResponse of(WebhookAttempt attempt) {
			return new AttemptResponse(attempt.attempt(), attempt.at(), attempt.statusCode(), attempt.error(),
					attempt.durationMs());
		}

	}

	/**
	 * @param status PENDING, DELIVERED or FAILED (given up)
	 * @param nextAttemptAt when a pending notice is next tried
	 */
	record DeliveryResponse(UUID id, String type, String url, String status, int attempts, Instant createdAt,
			Instant nextAttemptAt, Instant finishedAt, List<AttemptResponse> attemptLog) {

		static DeliveryResponse of(WebhookDelivery delivery) {
			boolean pending = WebhookDelivery.PENDING.equals(delivery.status());
			return new DeliveryResponse(delivery.id(), delivery.eventType(), delivery.url(), delivery.status(),
					delivery.attempts(), delivery.createdAt(), pending ? delivery.nextAttemptAt() : null,
					delivery.finishedAt(), delivery.attemptLog().stream().map(AttemptResponse::of).toList());
		}

	}

	record DeliveriesResponse(UUID jobId, List<DeliveryResponse> items) {
	}

	@Operation(operationId = "getWebhookSecret", summary = "Show the tenant's webhook signing secret",
			description = "Made at first use. Every notice carries Kiln-Signature: t=<unix seconds>,v1=<hex "
					+ "HMAC-SHA256 of \"<t>.<body>\" keyed with this secret>.")
	@GetMapping(path = "/api/v1/webhooks/secret", produces = MediaType.APPLICATION_JSON_VALUE)
	SecretResponse secret(Caller caller) {
		return SecretResponse.of(this.secrets.of(caller.tenantId()));
	}

	@Operation(operationId = "rotateWebhookSecret", summary = "Rotate the tenant's webhook signing secret",
			description = "Notices sent from now on, retries of older ones included, are signed with the new secret.")
	@PostMapping(path = "/api/v1/webhooks/secret/rotate", produces = MediaType.APPLICATION_JSON_VALUE)
	SecretResponse rotate(Caller caller) {
		return SecretResponse.of(this.secrets.rotate(caller.tenantId()));
	}

	@Operation(operationId = "getJobCallbacks", summary = "List a job's callback deliveries and their attempts")
	@ApiResponse(responseCode = "200", description = "The deliveries, oldest first (none until the job ends)")
	@ApiResponse(responseCode = "404", description = "No such job",
			content = @Content(mediaType = "application/problem+json",
					schema = @Schema(implementation = ProblemDetail.class)))
	@GetMapping(path = "/api/v1/jobs/{id}/callbacks", produces = MediaType.APPLICATION_JSON_VALUE)
	@Transactional(readOnly = true)
	public DeliveriesResponse deliveries(Caller caller, @PathVariable UUID id) {
		if (!this.ownership.isOwnedBy(id, caller.tenantId())) {
			throw new NotFoundException("Job", id);
		}
		return new DeliveriesResponse(id,
				this.deliveries.findByJobIdOrderByCreatedAt(id).stream().map(DeliveryResponse::of).toList());
	}

}
