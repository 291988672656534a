package dev.kiln.webhooks.internal;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Query;

interface WebhookDeliveryRepository extends JpaRepository<WebhookDelivery, UUID> {

	/**
	 * Locks up to ten pending notices due by {@code now}; rows another node has locked
	 * are passed over ({@code SKIP LOCKED}), so two nodes never claim the same attempt.
	 */
	@Query(value = "select cast(id as varchar(36)) from webhook_delivery where status = 'PENDING'"
			+ " and next_attempt_at <= :now order by next_attempt_at, id fetch first 10 rows only"
			+ " for update skip locked", nativeQuery = true)
	List<String> lockDue(Instant now);

	List<WebhookDelivery> findByJobIdOrderByCreatedAt(UUID jobId);

}
