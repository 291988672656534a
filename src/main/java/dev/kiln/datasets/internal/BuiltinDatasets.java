package dev.kiln.datasets.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import dev.kiln.web.ConflictException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.core.io.ClassPathResource;
import org.springframework.stereotype.Component;

/**
 * Registers the datasets shipped in the jar ({@code classpath:datasets/*.csv}) at
 * start-up, before the application is ready, and removes what an interrupted registration
 * left behind. Idempotent: a built-in already registered keeps its row and id (ids are
 * derived from the name, so they are the same in every installation); only a missing
 * binary file is rebuilt. Nodes that share a database and a dataset folder may start at
 * the same time: the one whose insert loses keeps the winner's row and file.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE)
class BuiltinDatasets implements ApplicationRunner {

	static final List<Builtin> BUILTINS = List.of(new Builtin("iris", "species", List.of(4)),
			new Builtin("wine", "cultivar", List.of(13)), new Builtin("digits8x8", "label", List.of(8, 8, 1)));

	private static final Logger log = LoggerFactory.getLogger(BuiltinDatasets.class);

	private final DatasetRegistry registry;

	private final DatasetUploads uploads;

	BuiltinDatasets(DatasetRegistry registry, DatasetUploads uploads) {
		this.registry = registry;
		this.uploads = uploads;
	}

	@Override
	public void run(ApplicationArguments args) throws IOException {
		this.registry.removeLeftovers();
		for (Builtin builtin : BUILTINS) {
			register(builtin);
		}
	}

	void register(Builtin builtin) throws IOException {
		Optional<DatasetEntity> existing = this.registry.entityByName(null, builtin.name());
		if (existing.isPresent()) {
			if (this.uploads.restoreFile(existing.get(), builtin.request())) {
				log.info("Rebuilt the missing file of built-in dataset '{}'", builtin.name());
			}
			return;
		}
		try {
			this.uploads.register(builtin.id(), null, DatasetRegistry.SOURCE_BUILTIN, builtin.request());
		}
		catch (DataIntegrityViolationException | ConflictException ex) {
			// another node sharing the database registered it between our look and our
			// insert: its row has the same id and its file the same bytes
			if (this.registry.entityByName(null, builtin.name())
				.filter((entity) -> entity.getId().equals(builtin.id()))
				.isEmpty()) {
				throw ex;
			}
			log.info("Built-in dataset '{}' was registered by another node", builtin.name());
		}
	}

	/** A dataset shipped in the jar as {@code datasets/{name}.csv}. */
	record Builtin(String name, String labelColumn, List<Integer> shape) {

		/** The same in every installation. */
		UUID id() {
			return UUID.nameUUIDFromBytes(("kiln:builtin-dataset:" + this.name).getBytes(StandardCharsets.UTF_8));
		}

		/** The built-in as if it were uploaded. */
		UploadRequest request() {
			return UploadRequest.of(
					Map.of(DatasetUploads.NAME, this.name, CsvUploadFormat.LABEL_COLUMN, this.labelColumn,
							CsvUploadFormat.SHAPE, ShapeConverter.format(this.shape)),
					Map.of(CsvUploadFormat.FILE, new ClassPathResource("datasets/" + this.name + ".csv")));
		}

	}

}
