package dev.kiln.jobs;

import java.util.Optional;
import java.util.UUID;

import org.springframework.modulith.NamedInterface;

/**
 * Looks up jobs as sources of trained models: with {@link TrainedModel}, the
 * {@code models} interface, all that the inference module may use of this one.
 */
@NamedInterface("models")
public interface TrainedModels {

	/** The tenant's job of this id; another tenant's is not found. */
	Optional<TrainedModel> find(UUID tenantId, UUID jobId);

}
