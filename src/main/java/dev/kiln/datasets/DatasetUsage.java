package dev.kiln.datasets;

import java.util.UUID;

/**
 * Tells the dataset registry whether a dataset is in use, so that it is not deleted from
 * under a job. Implemented by the module that runs jobs; the registry works without an
 * implementation (nothing is then in use) and asks every implementation there is.
 */
public interface DatasetUsage {

	/**
	 * Whether a job that is queued, running or being cancelled trains on the dataset.
	 */
	boolean inUseByActiveJob(UUID datasetId);

}
