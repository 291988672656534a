package dev.kiln.checkpoints;

import java.util.UUID;

import org.springframework.modulith.NamedInterface;

/**
 * Tells whose a job is, so that a checkpoint (or a job's webhook deliveries) is shown
 * only to its job's tenant. The module that keeps jobs implements it. The
 * {@code ownership} interface: all that the webhooks module uses of this one.
 */
@NamedInterface("ownership")
public interface JobOwnership {

	boolean isOwnedBy(UUID jobId, UUID tenantId);

}
