package dev.kiln.checkpoints;

import java.nio.file.Path;
import java.util.UUID;

/**
 * A checkpoint file written into place whose row is not recorded yet.
 */
public record StagedCheckpoint(UUID id, UUID jobId, int epoch, Path file, long sizeBytes, String sha256) {
}
