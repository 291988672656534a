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

/**
 * Deletes datasets softly: the row stays, because jobs reference it and finished jobs
 * still need its class names and shape to predict, but it is hidden, its name is freed
 * and its binary file is removed. Built-in datasets and datasets in use by a queued,
 * running or cancelling job are refused.
 */
@Service
class DatasetDeletion {

	private static final Logger log = LoggerFactory.getLogger(DatasetDeletion.class);

	private final DatasetRepository repository;

	private final BinaryDatasetStore store;

	private final ObjectProvider<DatasetUsage> usage;

	DatasetDeletion(DatasetRepository repository, BinaryDatasetStore store, ObjectProvider<DatasetUsage> usage) {
		this.repository = repository;
		this.store = store;
		this.usage = usage;
	}

	/**
	 * Deletes an active dataset. The check for jobs using it and the deletion are not
	 * atomic: a job submitted in between fails when it starts, naming the deleted
	 * dataset.
	 * @throws NotFoundException if no active dataset the tenant sees has this id
	 * @throws ConflictException {@code dataset-builtin} for a built-in dataset,
	 * {@code dataset-in-use} for one a queued, running or cancelling job uses
	 */
	void delete(UUID tenantId, UUID id) {
		DatasetEntity entity = this.repository.findVisible(tenantId, id)
			.filter((dataset) -> !dataset.isDeleted())
			.orElseThrow(() -> new NotFoundException("Dataset", id));
		if (DatasetRegistry.SOURCE_BUILTIN.equals(entity.getSource())) {
			throw new ConflictException("dataset-builtin",
					"Dataset '" + entity.getName() + "' is built in and cannot be deleted");
		}
		if (this.usage.orderedStream().anyMatch((usage) -> usage.inUseByActiveJob(id))) {
			throw new ConflictException("dataset-in-use", "Dataset '" + entity.getName()
					+ "' is used by a queued or running job: cancel the job or wait for it to end");
		}
		entity.markDeleted(Instant.now().truncatedTo(ChronoUnit.MICROS));
		this.repository.saveAndFlush(entity);
		// after the row says so: a file left by a failure here is removed at the next
		// start
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
