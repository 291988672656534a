package dev.kiln.datasets;

import java.util.Optional;
import java.util.UUID;

import dev.kiln.engine.Examples;

/**
 * What other modules may ask of the dataset registry.
 */
public interface DatasetCatalog {

	/** A dataset by its id or its name. */
	Optional<DatasetInfo> find(String idOrName);

	/** Every row of a dataset, in stored order. */
	Examples load(UUID id);

	/**
	 * Cuts rows into training, validation and test sets, stratified by class and
	 * deterministic for a seed.
	 */
	DatasetSplit split(Examples all, double validationFraction, double testFraction, long seed);

}
