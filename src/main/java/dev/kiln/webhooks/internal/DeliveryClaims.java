package dev.kiln.webhooks.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Claims due notices for one node, in a short transaction: the rows are locked with
 * {@code FOR UPDATE SKIP LOCKED} (a row another node holds is passed over, not waited
 * for) and their next attempt is moved past the time an attempt can take before the lock
 * is released, so no other node claims them while this one sends.
 */
@Component
class DeliveryClaims {

	private final WebhookDeliveryRepository deliveries;

	private final TransactionTemplate transactions;

	DeliveryClaims(WebhookDeliveryRepository deliveries, PlatformTransactionManager transactionManager) {
		this.deliveries = deliveries;
		this.transactions = new TransactionTemplate(transactionManager);
	}

	/**
	 * Up to ten notices due by {@code now}, now this node's until {@code now + inFlight}.
	 */
	List<UUID> claimDue(Instant now, Duration inFlight) {
		Instant until = now.plus(inFlight);
		return this.transactions.execute((status) -> this.deliveries.lockDue(now).stream().map((id) -> {
			WebhookDelivery delivery = this.deliveries.findById(UUID.fromString(id)).orElseThrow();
			delivery.claim(until);
			this.deliveries.saveAndFlush(delivery);
			return delivery.id();
		}).toList());
	}

}
