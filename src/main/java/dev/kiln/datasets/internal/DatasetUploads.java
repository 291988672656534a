package dev.kiln.datasets.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;

import dev.kiln.datasets.DatasetInfo;
import dev.kiln.web.ConflictException;
import dev.kiln.web.InvalidField;
import dev.kiln.web.InvalidRequestException;
import dev.kiln.web.Names;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.stereotype.Service;

/**
 * Registers datasets, whatever their format: checks the request's fields, copies its
 * parts to temporary files while hashing them, parses them into the binary store and only
 * then records the dataset. All or nothing: a refused or failed upload leaves neither a
 * file nor a row behind.
 */
@Service
class DatasetUploads {

	static final String FORMAT = "format";

	static final String NAME = "name";

	static final String NORMALIZATION = "normalization";

	static final List<String> NORMALIZATIONS = List.of("none", "minmax", "standardize");

	private static final List<String> COMMON_FIELDS = List.of(FORMAT, NAME, NORMALIZATION);

	private static final Logger log = LoggerFactory.getLogger(DatasetUploads.class);

	static final int MAX_NAME_LENGTH = 100;

	private static final Pattern UUID_LIKE = Pattern
		.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

	private final DatasetRepository repository;

	private final BinaryDatasetStore store;

	private final Map<String, UploadFormat> formats = new LinkedHashMap<>();

	private final long maxUploadBytes;

	DatasetUploads(DatasetRepository repository, BinaryDatasetStore store, List<UploadFormat> formats,
			DatasetProperties properties) {
		this.repository = repository;
		this.store = store;
		formats.forEach((format) -> this.formats.put(format.name(), format));
		this.maxUploadBytes = properties.maxUploadBytes().toBytes();
	}

	/**
	 * Registers an upload under a new id.
	 * @throws InvalidRequestException naming the fields or parts at fault
	 * @throws ConflictException if the name is taken
	 * @throws DuplicateDatasetException if an active dataset has the same content
	 * @throws UploadTooLargeException if a part is over the size limit
	 */
	Registered upload(UUID tenantId, UploadRequest request) {
		return register(UUID.randomUUID(), tenantId, DatasetRegistry.SOURCE_UPLOAD, request);
	}

	/**
	 * Registers a dataset for a tenant, or as a built-in one (tenant null). Built-in
	 * datasets are trusted: neither the size limit nor the duplicate check applies to
	 * them.
	 */
	Registered register(UUID id, UUID tenantId, String source, UploadRequest request) {
		Checked checked = check(request);
		String name = Names.nfc(request.field(NAME));
		if (isNameTaken(tenantId, name)) {
			throw nameTaken(name);
		}
		boolean upload = DatasetRegistry.SOURCE_UPLOAD.equals(source);
		long maxBytes = upload ? this.maxUploadBytes : Long.MAX_VALUE;
		boolean stored = false;
		try (StagedUpload staged = StagedUpload.stage(this.store.dir(), checked.format().parts(), request.firstParts(),
				maxBytes)) {
			if (upload) {
				refuseDuplicate(tenantId, staged.sha256());
			}
			ParsedDataset parsed = parse(id, checked.reader(), staged);
			stored = true;
			DatasetEntity entity = new DatasetEntity(id, tenantId, name, source, checked.format().name(),
					parsed.featureShape(), parsed.featureNames(), parsed.classNames(), parsed.rows(), parsed.testRows(),
					checked.normalization(), parsed.oneHotColumns(), staged.sha256(), staged.size(),
					BinaryDatasetStore.fileName(id), Instant.now().truncatedTo(ChronoUnit.MICROS));
			save(entity);
			stored = false;
			log.info("Registered dataset '{}' ({}, {}): {} rows ({} test), shape {}, {} classes", name, id,
					checked.format().name(), parsed.rows(), parsed.testRows(), parsed.featureShape(), parsed.classes());
			return new Registered(DatasetRegistry.info(entity), parsed.skipped());
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot register dataset '" + name + "'", ex);
		}
		finally {
			// a row with this id means another node registered the same built-in dataset
			// at the same time, and the file (the same bytes) is now that row's
			if (stored && !this.repository.existsById(id)) {
				deleteQuietly(this.store.path(id));
			}
		}
	}

	/**
	 * Rewrites a dataset's binary file from its content when the file is missing.
	 * @return whether the file was rewritten
	 */
	boolean restoreFile(DatasetEntity entity, UploadRequest request) throws IOException {
		Path file = this.store.dir().resolve(entity.getFilePath());
		if (Files.exists(file)) {
			return false;
		}
		Checked checked = check(request);
		try (StagedUpload staged = StagedUpload.stage(this.store.dir(), checked.format().parts(), request.firstParts(),
				Long.MAX_VALUE)) {
			parse(entity.getId(), checked.reader(), staged);
			return true;
		}
	}

	/** Checks every field and which parts are present, reporting all problems at once. */
	private Checked check(UploadRequest request) {
		List<InvalidField> errors = new ArrayList<>();
		nameProblem(request.field(NAME)).ifPresent((reason) -> errors.add(new InvalidField(NAME, reason)));
		String formatName = (request.field(FORMAT) != null) ? request.field(FORMAT).strip() : CsvUploadFormat.NAME;
		UploadFormat format = this.formats.get(formatName);
		if (format == null) {
			errors.add(new InvalidField(FORMAT,
					"must be one of " + String.join(", ", this.formats.keySet()) + "; got '" + formatName + "'"));
		}
		// stored in lower case, as jobs name it; accepted in any case, as jobs accept it
		String normalization = (request.field(NORMALIZATION) != null)
				? request.field(NORMALIZATION).strip().toLowerCase(Locale.ROOT) : null;
		if (normalization != null && !NORMALIZATIONS.contains(normalization)) {
			errors.add(new InvalidField(NORMALIZATION, "must be one of " + String.join(", ", NORMALIZATIONS) + "; got '"
					+ request.field(NORMALIZATION).strip() + "'"));
		}
		UploadFormat.PartsReader reader = null;
		if (format != null) {
			checkNames(request, format, errors);
			reader = format.prepare(request, errors);
		}
		if (!errors.isEmpty()) {
			throw new InvalidRequestException(describe(errors), errors);
		}
		return new Checked(format, reader, normalization);
	}

	/**
	 * Refuses fields and parts the format does not take, sent more than once, or sent as
	 * text where a file belongs (and the other way round): a typo must not go unnoticed.
	 */
	private static void checkNames(UploadRequest request, UploadFormat format, List<InvalidField> errors) {
		Set<String> fields = new LinkedHashSet<>(COMMON_FIELDS);
		fields.addAll(format.fields());
		Set<String> taken = new LinkedHashSet<>(format.parts());
		taken.addAll(fields);
		String takes = "format " + format.name() + " takes the parts " + String.join(", ", format.parts())
				+ " and the fields " + String.join(", ", fields);
		request.fields().forEach((name, values) -> {
			if (format.parts().contains(name)) {
				errors.add(new InvalidField(name, "must be sent as a file part, not as a text field"));
			}
			else if (!fields.contains(name)) {
				errors.add(new InvalidField(name, "is not a field of this upload: " + takes));
			}
			else if (values.size() > 1) {
				errors.add(new InvalidField(name, "is given " + values.size() + " times"));
			}
		});
		request.parts().forEach((name, values) -> {
			if (fields.contains(name)) {
				errors.add(new InvalidField(name, "must be sent as a text field, not as a file part"));
			}
			else if (!taken.contains(name)) {
				errors.add(new InvalidField(name, "is not a part of this upload: " + takes));
			}
			else if (values.size() > 1) {
				errors.add(new InvalidField(name, "is given " + values.size() + " times"));
			}
		});
	}

	/**
	 * Refuses content that an active dataset the tenant sees already has, before parsing
	 * it: the same bytes make the same rows, whatever the fields say. Another tenant's
	 * datasets do not count: naming them would tell what they hold.
	 */
	private void refuseDuplicate(UUID tenantId, String sha256) {
		this.repository.findVisibleBySha256(tenantId, sha256).stream().findFirst().ifPresent((existing) -> {
			throw new DuplicateDatasetException(existing.getId(), existing.getName());
		});
	}

	/**
	 * Whether the tenant has an active dataset of this name, or a built-in one has it
	 * (which would make the name mean two datasets).
	 */
	private boolean isNameTaken(UUID tenantId, String name) {
		return (tenantId != null && this.repository.findByTenantIdAndActiveName(tenantId, name).isPresent())
				|| this.repository.findByTenantIdIsNullAndActiveName(name).isPresent();
	}

	private ParsedDataset parse(UUID id, UploadFormat.PartsReader reader, StagedUpload staged) throws IOException {
		try {
			return this.store.write(id, (sink) -> reader.read(staged, sink));
		}
		catch (DatasetFormatException ex) {
			throw new InvalidRequestException(ex.field() + ": " + ex.getMessage(),
					List.of(new InvalidField(ex.field(), ex.getMessage())));
		}
	}

	private void save(DatasetEntity entity) {
		try {
			this.repository.saveAndFlush(entity);
		}
		catch (DataIntegrityViolationException ex) {
			if (isNameTaken(entity.getTenantId(), entity.getName())) {
				throw nameTaken(entity.getName());
			}
			throw ex;
		}
	}

	/** Why a dataset name is refused, if it is: see {@link Names#identifierProblem}. */
	static Optional<String> nameProblem(String name) {
		Optional<String> problem = Names.identifierProblem(name, MAX_NAME_LENGTH);
		if (problem.isEmpty() && UUID_LIKE.matcher(name).matches()) {
			return Optional.of("must not look like a dataset id (a UUID)");
		}
		return problem;
	}

	private static ConflictException nameTaken(String name) {
		return new ConflictException("dataset-name-taken", "A dataset named '" + name + "' already exists");
	}

	private static String describe(List<InvalidField> errors) {
		return String.join("; ", errors.stream().map((error) -> error.path() + ": " + error.reason()).toList());
	}

	private static void deleteQuietly(Path file) {
		try {
			Files.deleteIfExists(file);
		}
		catch (IOException ex) {
			log.warn("Cannot delete {}: {}", file, ex.getMessage());
		}
	}

	/**
	 * A registered dataset, with the archive entries left out of it (null for formats
	 * without entries).
	 */
	record Registered(DatasetInfo info, SkippedEntries skipped) {
	}

	/** A request whose fields passed the checks. */
	private record Checked(UploadFormat format, UploadFormat.PartsReader reader, String normalization) {
	}

}
