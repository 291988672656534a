package dev.kiln.datasets.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;

import dev.kiln.datasets.DatasetCatalog;
import dev.kiln.datasets.DatasetInfo;
import dev.kiln.datasets.DatasetSplit;
import dev.kiln.engine.Examples;
import dev.kiln.web.ConflictException;
import dev.kiln.web.InvalidField;
import dev.kiln.web.InvalidRequestException;
import dev.kiln.web.NotFoundException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.Pageable;
import org.springframework.stereotype.Service;

/**
 * The dataset registry: registers CSV files as datasets (parsed once into a binary file,
 * then recorded in the database), lists them, and serves their rows to other modules.
 */
@Service
class DatasetRegistry implements DatasetCatalog {

	static final String SOURCE_UPLOAD = "upload";

	static final String SOURCE_BUILTIN = "builtin";

	private static final Logger log = LoggerFactory.getLogger(DatasetRegistry.class);

	private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._-]{1,100}");

	private static final Pattern UUID_LIKE = Pattern
		.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

	private static final String UPLOAD_PREFIX = ".upload-";

	private static final String UPLOAD_SUFFIX = ".csv.tmp";

	private final DatasetRepository repository;

	private final BinaryDatasetStore store;

	private final CsvDatasetParser parser;

	private final StratifiedSplitter splitter;

	private final long maxUploadBytes;

	DatasetRegistry(DatasetRepository repository, BinaryDatasetStore store, CsvDatasetParser parser,
			StratifiedSplitter splitter, DatasetProperties properties) {
		this.repository = repository;
		this.store = store;
		this.parser = parser;
		this.splitter = splitter;
		this.maxUploadBytes = properties.maxUploadBytes().toBytes();
	}

	@Override
	public Optional<DatasetInfo> find(String idOrName) {
		if (idOrName == null || idOrName.isBlank()) {
			return Optional.empty();
		}
		Optional<DatasetEntity> byId = parseUuid(idOrName).flatMap(this.repository::findById);
		return byId.or(() -> this.repository.findByName(idOrName)).map(DatasetRegistry::info);
	}

	@Override
	public DatasetSplit split(UUID datasetId, double validationFraction, double testFraction, long seed) {
		DatasetEntity entity = this.repository.findById(datasetId)
			.orElseThrow(() -> new NotFoundException("Dataset", datasetId));
		BinaryDatasetStore.StoredRows rows = BinaryDatasetStore.read(this.store.dir().resolve(entity.getFilePath()));
		return this.splitter.split(rows, validationFraction, testFraction, seed);
	}

	@Override
	@Deprecated(forRemoval = true)
	public Examples load(UUID id) {
		DatasetEntity entity = this.repository.findById(id).orElseThrow(() -> new NotFoundException("Dataset", id));
		return BinaryDatasetStore.readAll(this.store.dir().resolve(entity.getFilePath()));
	}

	@Override
	@Deprecated(forRemoval = true)
	public DatasetSplit split(Examples all, double validationFraction, double testFraction, long seed) {
		return this.splitter.split(all, validationFraction, testFraction, seed);
	}

	/** One page of datasets. */
	Page<DatasetInfo> list(Pageable pageable) {
		return this.repository.findAll(pageable).map(DatasetRegistry::info);
	}

	/**
	 * A dataset by id.
	 * @throws NotFoundException if there is none
	 */
	DatasetInfo get(UUID id) {
		return this.repository.findById(id)
			.map(DatasetRegistry::info)
			.orElseThrow(() -> new NotFoundException("Dataset", id));
	}

	/**
	 * Registers an uploaded CSV file.
	 * @param shape the feature shape as {@code 8,8,1}, or null for one dimension
	 * @throws InvalidRequestException naming the fields at fault
	 * @throws ConflictException if the name is taken
	 */
	DatasetInfo upload(String name, String labelColumn, String shape, InputStream content) {
		List<InvalidField> errors = new ArrayList<>();
		nameProblem(name).ifPresent((reason) -> errors.add(new InvalidField("name", reason)));
		if (labelColumn == null || labelColumn.isBlank()) {
			errors.add(new InvalidField("labelColumn", "is required: the name of the column holding the labels"));
		}
		List<Integer> featureShape = null;
		if (shape != null && !shape.isBlank()) {
			try {
				featureShape = parseShape(shape);
			}
			catch (IllegalArgumentException ex) {
				errors.add(new InvalidField("shape", ex.getMessage()));
			}
		}
		if (content == null) {
			errors.add(new InvalidField("file", "is required: a CSV file with a header row"));
		}
		if (!errors.isEmpty()) {
			throw new InvalidRequestException(describe(errors), errors);
		}
		return register(UUID.randomUUID(), name, SOURCE_UPLOAD, content, labelColumn.strip(), featureShape);
	}

	/**
	 * Registers a CSV file under a name: copies it to a temporary file while hashing it,
	 * parses it into the binary store and records it. All or nothing: if anything fails,
	 * neither a file nor a row is left behind.
	 */
	DatasetInfo register(UUID id, String name, String source, InputStream content, String labelColumn,
			List<Integer> shape) {
		if (this.repository.existsByName(name)) {
			throw nameTaken(name);
		}
		Path upload = null;
		boolean stored = false;
		try {
			Files.createDirectories(this.store.dir());
			upload = Files.createTempFile(this.store.dir(), UPLOAD_PREFIX, UPLOAD_SUFFIX);
			// the size limit is for uploads; built-in datasets are trusted
			long maxBytes = SOURCE_UPLOAD.equals(source) ? this.maxUploadBytes : Long.MAX_VALUE;
			Copy copy = copy(content, upload, maxBytes);
			ParsedDataset parsed = parse(id, upload, labelColumn, shape);
			stored = true;
			DatasetEntity entity = new DatasetEntity(id, name, source, parsed.featureShape(), parsed.featureNames(),
					parsed.classNames(), parsed.rows(), parsed.testRows(), null, copy.sha256(), copy.size(),
					BinaryDatasetStore.fileName(id), Instant.now().truncatedTo(ChronoUnit.MICROS));
			try {
				this.repository.saveAndFlush(entity);
			}
			catch (DataIntegrityViolationException ex) {
				if (this.repository.existsByName(name)) {
					throw nameTaken(name);
				}
				throw ex;
			}
			stored = false;
			log.info("Registered dataset '{}' ({}): {} rows, shape {}, {} classes", name, id, parsed.rows(),
					parsed.featureShape(), parsed.classes());
			return info(entity);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot register dataset '" + name + "'", ex);
		}
		finally {
			if (stored) {
				deleteQuietly(this.store.path(id));
			}
			if (upload != null) {
				deleteQuietly(upload);
			}
		}
	}

	/**
	 * Rewrites a dataset's binary file from its CSV when the file is missing.
	 * @return whether the file was rewritten
	 */
	boolean restoreFile(DatasetEntity entity, InputStream content, String labelColumn) throws IOException {
		Path file = this.store.dir().resolve(entity.getFilePath());
		if (Files.exists(file)) {
			return false;
		}
		Files.createDirectories(this.store.dir());
		Path upload = Files.createTempFile(this.store.dir(), UPLOAD_PREFIX, UPLOAD_SUFFIX);
		try {
			copy(content, upload, Long.MAX_VALUE);
			parse(entity.getId(), upload, labelColumn, entity.getFeatureShape());
			return true;
		}
		finally {
			deleteQuietly(upload);
		}
	}

	/**
	 * Removes what an interrupted registration may have left in the dataset folder:
	 * temporary files and binary files that no dataset row names. Call only while no
	 * registration is running (at start-up).
	 */
	void removeLeftovers() throws IOException {
		if (!Files.isDirectory(this.store.dir())) {
			return;
		}
		try (DirectoryStream<Path> files = Files.newDirectoryStream(this.store.dir())) {
			for (Path file : files) {
				String fileName = file.getFileName().toString();
				if (fileName.startsWith(".") && fileName.endsWith(".tmp")) {
					log.info("Removing leftover temporary file {}", file);
					deleteQuietly(file);
				}
				else if (fileName.endsWith(".bin")) {
					Optional<UUID> id = parseUuid(fileName.substring(0, fileName.length() - 4));
					if (id.isPresent() && !this.repository.existsById(id.get())) {
						log.info("Removing dataset file {} that no dataset names", file);
						deleteQuietly(file);
					}
				}
			}
		}
	}

	Optional<DatasetEntity> entityByName(String name) {
		return this.repository.findByName(name);
	}

	private ParsedDataset parse(UUID id, Path csv, String labelColumn, List<Integer> shape) throws IOException {
		try (InputStream in = Files.newInputStream(csv);
				Reader reader = new InputStreamReader(in, StandardCharsets.UTF_8.newDecoder())) {
			return this.store.write(id, (sink) -> this.parser.parse(reader, labelColumn, shape, sink));
		}
		catch (DatasetFormatException ex) {
			throw new InvalidRequestException(ex.field() + ": " + ex.getMessage(),
					List.of(new InvalidField(ex.field(), ex.getMessage())));
		}
		catch (CharacterCodingException ex) {
			throw new InvalidRequestException("file", "is not UTF-8 text");
		}
	}

	private static Copy copy(InputStream content, Path target, long maxBytes) throws IOException {
		MessageDigest sha256 = sha256();
		long size = 0;
		byte[] buffer = new byte[1 << 16];
		try (InputStream in = content; OutputStream out = Files.newOutputStream(target)) {
			int n;
			while ((n = in.read(buffer)) >= 0) {
				size += n;
				if (size > maxBytes) {
					throw new UploadTooLargeException(maxBytes);
				}
				sha256.update(buffer, 0, n);
				out.write(buffer, 0, n);
			}
		}
		return new Copy(HexFormat.of().formatHex(sha256.digest()), size);
	}

	/** Why a dataset name is refused, if it is. */
	static Optional<String> nameProblem(String name) {
		if (name == null || name.isEmpty()) {
			return Optional.of("is required: 1 to 100 letters, digits, '-', '_' or '.'");
		}
		if (name.contains("/") || name.contains("\\") || name.contains("..")) {
			return Optional.of("must be a plain name, not a path ('/', '\\' and '..' are not allowed)");
		}
		if (!NAME.matcher(name).matches() || name.equals(".")) {
			return Optional.of("must be 1 to 100 letters, digits, '-', '_' or '.'");
		}
		if (UUID_LIKE.matcher(name).matches()) {
			return Optional.of("must not look like a dataset id (a UUID)");
		}
		return Optional.empty();
	}

	/** Reads a shape such as {@code 8,8,1}, {@code 13} or {@code [28, 28, 1]}. */
	static List<Integer> parseShape(String shape) {
		String text = shape.strip();
		if (text.startsWith("[") && text.endsWith("]")) {
			text = text.substring(1, text.length() - 1);
		}
		String[] parts = text.split(",", -1);
		if (parts.length != 1 && parts.length != 3) {
			throw new IllegalArgumentException(
					"must be [features] or [height, width, channels], e.g. 8,8,1; got '" + shape.strip() + "'");
		}
		List<Integer> dimensions = new ArrayList<>();
		for (String part : parts) {
			try {
				int dimension = Integer.parseInt(part.strip());
				if (dimension <= 0) {
					throw new NumberFormatException();
				}
				dimensions.add(dimension);
			}
			catch (NumberFormatException ex) {
				throw new IllegalArgumentException(
						"dimensions must be positive integers separated by commas, e.g. 8,8,1; got '" + shape.strip()
								+ "'");
			}
		}
		return List.copyOf(dimensions);
	}

	static DatasetInfo info(DatasetEntity entity) {
		return new DatasetInfo(entity.getId(), entity.getName(), entity.getSource(), entity.getFeatureShape(),
				entity.getFeatureNames(), entity.getClassNames(), entity.getRowCount(), entity.getTestRowCount(),
				(entity.getNormalization() != null) ? entity.getNormalization() : "none", entity.getSha256(),
				entity.getSizeBytes(), entity.getCreatedAt());
	}

	private static ConflictException nameTaken(String name) {
		return new ConflictException("dataset-name-taken", "A dataset named '" + name + "' already exists");
	}

	private static Optional<UUID> parseUuid(String text) {
		if (!UUID_LIKE.matcher(text).matches()) {
			return Optional.empty();
		}
		return Optional.of(UUID.fromString(text));
	}

	private static String describe(List<InvalidField> errors) {
		return String.join("; ", errors.stream().map((error) -> error.path() + ": " + error.reason()).toList());
	}

	private static MessageDigest sha256() {
		try {
			return MessageDigest.getInstance("SHA-256");
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static void deleteQuietly(Path file) {
		try {
			Files.deleteIfExists(file);
		}
		catch (IOException ex) {
			log.warn("Cannot delete {}: {}", file, ex.getMessage());
		}
	}

	private record Copy(String sha256, long size) {
	}

}
