package dev.kiln.datasets.internal;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;

import dev.kiln.datasets.DatasetCatalog;
import dev.kiln.datasets.DatasetInfo;
import dev.kiln.datasets.DatasetSplit;
import dev.kiln.engine.Examples;
import dev.kiln.web.ConflictException;
import dev.kiln.web.Names;
import dev.kiln.web.NotFoundException;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.data.domain.Page;
import org.springframework.data.domain.Pageable;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * The dataset registry as other modules and the API read it: finds and lists datasets and
 * serves their rows, split for training. {@link DatasetUploads} registers them.
 */
@Service
class DatasetRegistry implements DatasetCatalog {

	static final String SOURCE_UPLOAD = "upload";

	static final String SOURCE_BUILTIN = "builtin";

	private static final Logger log = LoggerFactory.getLogger(DatasetRegistry.class);

	private static final Pattern UUID_LIKE = Pattern
		.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

	private final DatasetRepository repository;

	private final BinaryDatasetStore store;

	private final StratifiedSplitter splitter;

	private final Duration leftoverAge;

	private final Clock clock;

	private final EntityManager entityManager;

	DatasetRegistry(DatasetRepository repository, BinaryDatasetStore store, StratifiedSplitter splitter,
			DatasetProperties properties, Clock clock, EntityManager entityManager) {
		this.repository = repository;
		this.entityManager = entityManager;
		this.store = store;
		this.splitter = splitter;
		this.leftoverAge = properties.leftoverAge();
		this.clock = clock;
	}

	@Override
	public Optional<DatasetInfo> find(UUID tenantId, String idOrName) {
		if (idOrName == null || idOrName.isBlank()) {
			return Optional.empty();
		}
		Optional<UUID> id = parseUuid(idOrName);
		Optional<DatasetEntity> found = id.isPresent() ? this.repository.findVisible(tenantId, id.get())
				: entityByName(tenantId, Names.nfc(idOrName));
		return found.map(DatasetRegistry::info);
	}

	@Override
	public Optional<DatasetInfo> findById(UUID datasetId) {
		return this.repository.findById(datasetId).map(DatasetRegistry::info);
	}

	@Override
	@Transactional(propagation = Propagation.MANDATORY)
	public DatasetInfo holdForNewWork(UUID datasetId) {
		DatasetEntity entity = this.repository.findById(datasetId)
			.orElseThrow(() -> new NotFoundException("Dataset", datasetId));
		if (!SOURCE_BUILTIN.equals(entity.getSource())) {
			// read again under the lock: the transaction may have read the row before a
			// deletion committed (PostgreSQL: FOR SHARE, so submissions do not wait for
			// each other; H2 knows FOR UPDATE only)
			this.entityManager.refresh(entity, LockModeType.PESSIMISTIC_READ);
		}
		if (entity.isDeleted()) {
			throw deleted(entity);
		}
		return info(entity);
	}

	@Override
	public DatasetSplit split(UUID datasetId, double validationFraction, double testFraction, long seed) {
		DatasetEntity entity = this.repository.findById(datasetId)
			.orElseThrow(() -> new NotFoundException("Dataset", datasetId));
		if (entity.isDeleted()) {
			throw deleted(entity);
		}
		BinaryDatasetStore.StoredRows rows = BinaryDatasetStore.read(this.store.dir().resolve(entity.getFilePath()));
		return this.splitter.split(rows, validationFraction, testFraction, seed);
	}

	/** One page of the active datasets the tenant sees. */
	Page<DatasetInfo> list(UUID tenantId, Pageable pageable) {
		return this.repository.findVisibleActive(tenantId, pageable).map(DatasetRegistry::info);
	}

	/**
	 * An active dataset the tenant sees, by id, as the API shows it: a deleted one, like
	 * another tenant's, is not there.
	 * @throws NotFoundException if there is none
	 */
	DatasetInfo get(UUID tenantId, UUID id) {
		return this.repository.findVisible(tenantId, id)
			.filter((entity) -> !entity.isDeleted())
			.map(DatasetRegistry::info)
			.orElseThrow(() -> new NotFoundException("Dataset", id));
	}

	/**
	 * The active dataset of this name that the tenant sees: its own, else a built-in one
	 * (uploads may not take a built-in's name, but a later built-in may take an
	 * upload's). A null tenant finds built-in datasets only.
	 */
	Optional<DatasetEntity> entityByName(UUID tenantId, String name) {
		Optional<DatasetEntity> own = (tenantId != null) ? this.repository.findByTenantIdAndActiveName(tenantId, name)
				: Optional.empty();
		return own.or(() -> this.repository.findByTenantIdIsNullAndActiveName(name));
	}

	/**
	 * Removes what an interrupted registration or deletion may have left in the dataset
	 * folder: the files of deleted datasets, and temporary files and binary files that no
	 * dataset row names once they have not been modified for
	 * {@code kiln.datasets.leftover-age}. Younger ones are kept: on a folder several
	 * nodes share, they may belong to another node's upload in progress (its binary file
	 * is moved into place just before its row is written). Called at start-up.
	 */
	void removeLeftovers() throws IOException {
		if (!Files.isDirectory(this.store.dir())) {
			return;
		}
		Instant modifiedBefore = this.clock.instant().minus(this.leftoverAge);
		try (DirectoryStream<Path> files = Files.newDirectoryStream(this.store.dir())) {
			for (Path file : files) {
				String fileName = file.getFileName().toString();
				if (fileName.startsWith(".") && fileName.endsWith(".tmp")) {
					if (isOlder(file, modifiedBefore)) {
						log.info("Removing leftover temporary file {}", file);
						deleteQuietly(file);
					}
				}
				else if (fileName.endsWith(".bin")) {
					Optional<UUID> id = parseUuid(fileName.substring(0, fileName.length() - 4));
					if (id.isEmpty()) {
						continue;
					}
					Optional<DatasetEntity> row = this.repository.findById(id.get());
					if (row.map(DatasetEntity::isDeleted).orElse(false)) {
						log.info("Removing the file {} of a deleted dataset", file);
						deleteQuietly(file);
					}
					else if (row.isEmpty() && isOlder(file, modifiedBefore)) {
						log.info("Removing dataset file {} that no dataset names", file);
						deleteQuietly(file);
					}
				}
			}
		}
	}

	private static boolean isOlder(Path file, Instant modifiedBefore) {
		try {
			return Files.getLastModifiedTime(file).toInstant().isBefore(modifiedBefore);
		}
		catch (IOException ex) {
			// gone already (another node removed it, or its upload finished)
			return false;
		}
	}

	static DatasetInfo info(DatasetEntity entity) {
		return new DatasetInfo(entity.getId(), entity.getName(), entity.getSource(), entity.getFormat(),
				entity.getFeatureShape(), entity.getFeatureNames(), entity.getClassNames(), entity.getRowCount(),
				entity.getTestRowCount(), (entity.getNormalization() != null) ? entity.getNormalization() : "none",
				entity.getOneHotColumns(), entity.getSha256(), entity.getSizeBytes(), entity.getCreatedAt(),
				entity.getDeletedAt());
	}

	static ConflictException deleted(DatasetEntity entity) {
		return new ConflictException("dataset-deleted",
				"Dataset '" + entity.getName() + "' (" + entity.getId() + ") was deleted");
	}

	private static Optional<UUID> parseUuid(String text) {
		if (!UUID_LIKE.matcher(text).matches()) {
			return Optional.empty();
		}
		return Optional.of(UUID.fromString(text));
	}

	private static void deleteQuietly(Path file) {
		try {
			Files.deleteIfExists(file);
		}
		catch (IOException ex) {
			log.warn("Cannot delete {}: {}", file, ex.getMessage());
		}
	}

}
