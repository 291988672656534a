package dev.kiln.datasets.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

import dev.kiln.datasets.DatasetUsage;
import dev.kiln.web.ConflictException;
import dev.kiln.web.NotFoundException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Deletes datasets softly: the row stays, because jobs reference it and finished jobs
 * still need its class names and shape to predict, but it is hidden, its name is freed
 * and its binary file is removed. Built-in datasets and datasets in use by a queued,
 * running or cancelling job are refused. A deletion and a job submitted on the dataset
 * both lock its row ({@link dev.kiln.datasets.DatasetCatalog#holdForNewWork}), so one of
 * them waits for the other and is refused: never do both succeed.
 */
@Service
class DatasetDeletion {

	private static final Logger log = LoggerFactory.getLogger(DatasetDeletion.class);

	private final DatasetRepository repository;

	private final BinaryDatasetStore store;

	private final ObjectProvider<DatasetUsage> usage;

	private final TransactionTemplate transactions;

	DatasetDeletion(DatasetRepository repository, BinaryDatasetStore store, ObjectProvider<DatasetUsage> usage,
			PlatformTransactionManager transactionManager) {
		this.repository = repository;
		this.store = store;
		this.usage = usage;
		this.transactions = new TransactionTemplate(transactionManager);
	}

	/**
	 * Deletes an active dataset. Its row stays locked from before the check for jobs
	 * using it until the deletion commits: a submission that locked it first has
	 * committed its job by the time the check runs, and one that comes later waits and
	 * finds the dataset deleted.
	 * @throws NotFoundException if no active dataset the tenant sees has this id
	 * @throws ConflictException {@code dataset-builtin} for a built-in dataset,
	 * {@code dataset-in-use} for one a queued, running or cancelling job uses
	 */
	void delete(UUID tenantId, UUID id) {
		DatasetEntity entity = this.transactions.execute((status) -> {
			DatasetEntity locked = this.repository.lockVisible(tenantId, id)
				.filter((dataset) -> !dataset.isDeleted())
				.orElseThrow(() -> new NotFoundException("Dataset", id));
			if (DatasetRegistry.SOURCE_BUILTIN.equals(locked.getSource())) {
				throw new ConflictException("dataset-builtin",
						"Dataset '" + locked.getName() + "' is built in and cannot be deleted");
			}
			if (this.usage.orderedStream().anyMatch((usage) -> usage.inUseByActiveJob(id))) {
				throw new ConflictException("dataset-in-use", "Dataset '" + locked.getName()
						+ "' is used by a queued or running job: cancel the job or wait for it to end");
			}
			locked.markDeleted(Instant.now().truncatedTo(ChronoUnit.MICROS));
			return this.repository.saveAndFlush(locked);
		});
		// after the deletion committed: a file left by a failure here is removed at
		// the next start
		Path file = this.store.dir().resolve(entity.getFilePath());
		try {
			Files.deleteIfExists(file);
		}
		catch (IOException ex) {
			log.warn("Cannot delete {} of deleted dataset '{}': {}", file, entity.getName(), ex.getMessage());
		}
		log.info("Deleted dataset '{}' ({})", entity.getName(), id);
	}

}
