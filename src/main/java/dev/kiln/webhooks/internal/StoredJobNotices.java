package dev.kiln.webhooks.internal;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

import dev.kiln.webhooks.JobNotice;
import dev.kiln.webhooks.JobNotices;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Stores each notice as a PENDING delivery, its body fixed now: every attempt sends (and
 * signs) the same bytes, so a receiver that sees a notice twice sees it identical.
 */
@Component
class StoredJobNotices implements JobNotices {

	private final WebhookDeliveryRepository deliveries;

	private final JsonMapper json;

	private final DeliveryDispatcher dispatcher;

	StoredJobNotices(WebhookDeliveryRepository deliveries, JsonMapper json, DeliveryDispatcher dispatcher) {
		this.deliveries = deliveries;
		this.json = json;
		this.dispatcher = dispatcher;
	}

	@Override
	@Transactional(propagation = Propagation.MANDATORY)
	public void enqueue(JobNotice notice) {
		UUID id = UUID.randomUUID();
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("id", id);
		body.put("type", notice.type());
		body.put("createdAt", notice.occurredAt());
		body.put("job", notice.job());
		Instant now = notice.occurredAt();
		this.deliveries.save(new WebhookDelivery(id, notice.jobId(), notice.tenantId(), notice.type(), notice.url(),
				this.json.writeValueAsString(body), now));
		this.dispatcher.wakeAfterCommit();
	}

}
