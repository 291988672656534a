package dev.kiln.webhooks;

import java.time.Instant;
import java.util.UUID;

/**
 * A job that ended and named a callback: what its notice says.
 *
 * @param type {@code job.succeeded}, {@code job.failed} or {@code job.cancelled}
 * @param job the job as the notice shows it (serialised as JSON)
 */
public record JobNotice(UUID jobId, UUID tenantId, String url, String type, Object job, Instant occurredAt) {
}
