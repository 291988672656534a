package dev.kiln.jobs;

import java.util.Optional;
import java.util.UUID;

/**
 * Looks up jobs as sources of trained models.
 */
public interface TrainedModels {

	/** The tenant's job of this id; another tenant's is not found. */
	Optional<TrainedModel> find(UUID tenantId, UUID jobId);

}
