package dev.kiln.checkpoints;

import java.time.Instant;
import java.util.UUID;

/**
 * A stored checkpoint: the network's weights and updater state after {@code epoch}.
 */
public record CheckpointInfo(UUID id, UUID jobId, int epoch, long sizeBytes, String sha256, double validationLoss,
		double validationAccuracy, Instant createdAt) {
}
