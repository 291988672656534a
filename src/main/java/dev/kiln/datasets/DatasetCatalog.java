package dev.kiln.datasets;

import java.util.Optional;
import java.util.UUID;

/**
 * What other modules may ask of the dataset registry.
 */
public interface DatasetCatalog {

	/**
	 * A dataset the tenant sees (its own or a built-in one) by its id, deleted or not, or
	 * by the name of an active dataset. Callers that start new work on it should refuse a
	 * {@link DatasetInfo#deleted() deleted} one.
	 */
	Optional<DatasetInfo> find(UUID tenantId, String idOrName);

	/**
	 * A dataset by its id, whoever owns it and deleted or not: for work already accepted
	 * on it, such as a job's.
	 */
	Optional<DatasetInfo> findById(UUID datasetId);

	/**
	 * Holds an active dataset for new work (a job being submitted) until the calling
	 * transaction ends. Its row is locked, so a deletion that comes later waits for the
	 * transaction and then finds the work; one that came first is waited for, and the
	 * dataset is refused as deleted. Built-in datasets, which are never deleted, are not
	 * locked. Must be called in a transaction, after the work's own reads of the dataset.
	 * @throws dev.kiln.web.NotFoundException if no dataset has this id
	 * @throws dev.kiln.web.ConflictException (type {@code dataset-deleted}) if the
	 * dataset was deleted
	 */
	DatasetInfo holdForNewWork(UUID datasetId);

	/**
	 * A dataset's rows cut into training, validation and test sets, stratified by class
	 * and the same for the same seed. When the dataset has a fixed test set
	 * ({@link DatasetInfo#testRows()} above 0), {@code test} is exactly that set, in
	 * stored order, validation is drawn from the training rows only and
	 * {@code testFraction} is ignored; otherwise both are drawn from every row.
	 * @param validationFraction share of each class held out for validation, in [0, 1)
	 * @param testFraction share of each class held out for test, in [0, 1); the two
	 * together below 1
	 * @throws dev.kiln.web.NotFoundException if no dataset has this id
	 * @throws dev.kiln.web.ConflictException (type {@code dataset-deleted}) if the
	 * dataset was deleted
	 * @throws IllegalArgumentException if a fraction is out of range
	 */
	DatasetSplit split(UUID datasetId, double validationFraction, double testFraction, long seed);

}
