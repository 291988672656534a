package dev.kiln.checkpoints;

import java.util.UUID;

/**
 * Tells whose a job is, so that a checkpoint is shown only to its job's tenant. The
 * module that keeps jobs implements it.
 */
public interface JobOwnership {

	boolean isOwnedBy(UUID jobId, UUID tenantId);

}
