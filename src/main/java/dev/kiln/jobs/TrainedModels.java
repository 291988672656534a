package dev.kiln.jobs;

import java.util.Optional;
import java.util.UUID;

/**
 * Looks up jobs as sources of trained models.
 */
public interface TrainedModels {

	Optional<TrainedModel> find(UUID jobId);

}
