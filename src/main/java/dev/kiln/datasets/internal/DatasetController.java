package dev.kiln.datasets.internal;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import dev.kiln.datasets.DatasetInfo;
import dev.kiln.web.Caller;
import dev.kiln.web.NotFoundException;
import dev.kiln.web.PageResponse;
import dev.kiln.web.Paging;
import dev.kiln.web.Problems;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.headers.Header;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;

import org.springframework.core.io.InputStreamSource;
import org.springframework.data.domain.Sort;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartHttpServletRequest;

@RestController
@RequestMapping(path = "/api/v1/datasets", produces = MediaType.APPLICATION_JSON_VALUE)
@Tag(name = "Datasets",
		description = "Labelled datasets to train on: the built-in ones and uploaded CSV, IDX or image-folder zip files")
class DatasetController {

	static final int MAX_PAGE_SIZE = 100;

	private static final String PROBLEM = MediaType.APPLICATION_PROBLEM_JSON_VALUE;

	private final DatasetRegistry registry;

	private final DatasetUploads uploads;

	private final DatasetDeletion deletion;

	DatasetController(DatasetRegistry registry, DatasetUploads uploads, DatasetDeletion deletion) {
		this.registry = registry;
		this.uploads = uploads;
		this.deletion = deletion;
	}

	@Operation(operationId = "uploadDataset", summary = "Upload a dataset",
			description = "A multipart form whose format field chooses its parts: csv (the default; part file), "
					+ "idx (parts images, labels and optionally testImages and testLabels) or images-zip (part "
					+ "file, fields height, width and channels). Every format takes "
					+ "name and normalization. A field or part the format does not take is refused, naming it. "
					+ "CSV: the file needs a header row; the label column holds the class labels (text or "
					+ "integers), classes numbered in sorted label order (numeric for integer labels); every other "
					+ "column is a numeric feature (for image data give the shape as height,width,channels and put "
					+ "the pixel columns in channel-first order (c, h, w)); missing or non-numeric values, NaN and "
					+ "infinities are refused, naming the row and column. IDX and images-zip: see the IdxUpload and "
					+ "ImagesZipUpload schemas; the answer to an images-zip upload lists the entries it skipped. "
					+ "Parts are "
					+ "copied to temporary files while hashed, then parsed into the dataset store; a refused "
					+ "upload leaves nothing behind.")
	@io.swagger.v3.oas.annotations.parameters.RequestBody(required = true,
			content = @Content(mediaType = MediaType.MULTIPART_FORM_DATA_VALUE,
					schema = @Schema(oneOf = { UploadForms.CsvUpload.class, UploadForms.IdxUpload.class,
							UploadForms.ImagesZipUpload.class })))
	@ApiResponse(responseCode = "201", description = "Registered; Location names the new dataset",
			headers = @Header(name = "Location", description = "The new dataset's path",
					schema = @Schema(type = "string")),
			content = @Content(mediaType = MediaType.APPLICATION_JSON_VALUE,
					schema = @Schema(implementation = DatasetResponse.class),
					examples = { @ExampleObject(name = "csv", value = DatasetApiExamples.DATASET_EXAMPLE),
							@ExampleObject(name = "idx", value = DatasetApiExamples.IDX_EXAMPLE),
							@ExampleObject(name = "images-zip", value = DatasetApiExamples.IMAGES_ZIP_EXAMPLE) }))
	@ApiResponse(responseCode = "400", description = "A field or a part is invalid; errors names each",
			content = @Content(mediaType = PROBLEM,
					examples = { @ExampleObject(name = "invalid CSV", value = DatasetApiExamples.INVALID_CSV_EXAMPLE),
							@ExampleObject(name = "IDX counts differ", value = DatasetApiExamples.IDX_COUNTS_EXAMPLE),
							@ExampleObject(name = "zip slip", value = DatasetApiExamples.ZIP_SLIP_EXAMPLE),
							@ExampleObject(name = "unknown field", value = DatasetApiExamples.UNKNOWN_FIELD_EXAMPLE) }))
	@ApiResponse(responseCode = "409",
			description = "dataset-name-taken: an active dataset has this name; dataset-duplicate: an active "
					+ "dataset has the same content (the same sha256), named in the detail and in the existingId "
					+ "and existingName members",
			content = @Content(mediaType = PROBLEM,
					examples = { @ExampleObject(name = "name taken", value = DatasetApiExamples.NAME_TAKEN_EXAMPLE),
							@ExampleObject(name = "duplicate", value = DatasetApiExamples.DUPLICATE_EXAMPLE) }))
	@ApiResponse(responseCode = "413",
			description = "upload-too-large: a part is larger than kiln.datasets.max-upload-bytes; too-many-parts: the "
					+ "form has more parts than server.tomcat.max-part-count",
			content = @Content(mediaType = PROBLEM,
					examples = @ExampleObject(name = "too large", value = DatasetApiExamples.TOO_LARGE_EXAMPLE)))
	@ApiResponse(responseCode = "507",
			description = "insufficient-storage: a disk Kiln stores uploads on is full; nothing of the upload "
					+ "was kept, and the datasets already stored are intact",
			content = @Content(mediaType = PROBLEM,
					examples = @ExampleObject(name = "disk full",
							value = DatasetApiExamples.INSUFFICIENT_STORAGE_EXAMPLE)))
	@PostMapping(consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
	ResponseEntity<DatasetResponse> upload(Caller caller,
			@Parameter(hidden = true) MultipartHttpServletRequest request) {
		DatasetUploads.Registered registered = this.uploads.upload(caller.tenantId(), uploadRequest(request));
		DatasetInfo info = registered.info();
		return ResponseEntity.created(URI.create("/api/v1/datasets/" + info.id()))
			.body(DatasetResponse.of(info, registered.skipped()));
	}

	@Operation(operationId = "listDatasets", summary = "List datasets",
			description = "The active (not deleted) datasets the caller's tenant sees: its own and the built-in ones, sorted by name.")
	@ApiResponse(responseCode = "200", description = "One page of datasets")
	@ApiResponse(responseCode = "400", description = "page or size out of range")
	@GetMapping
	PageResponse<DatasetResponse> list(Caller caller,
			@Parameter(description = "Zero-based page number") @RequestParam(defaultValue = "0") int page,
			@Parameter(description = "Page size, 1 to " + MAX_PAGE_SIZE) @RequestParam(defaultValue = "20") int size) {
		return PageResponse.of(
				this.registry.list(caller.tenantId(), Paging.request(page, size, MAX_PAGE_SIZE, Sort.by("name"))),
				DatasetResponse::of);
	}

	@Operation(operationId = "getDataset", summary = "Get a dataset",
			description = "An id that is not a UUID, or of a deleted dataset, names no dataset: 404.")
	@ApiResponse(responseCode = "200", description = "The dataset",
			content = @Content(mediaType = MediaType.APPLICATION_JSON_VALUE,
					schema = @Schema(implementation = DatasetResponse.class),
					examples = @ExampleObject(name = "iris", value = DatasetApiExamples.DATASET_EXAMPLE)))
	@ApiResponse(responseCode = "404", description = "No dataset has this id",
			content = @Content(mediaType = PROBLEM,
					examples = @ExampleObject(name = "unknown id", value = DatasetApiExamples.NOT_FOUND_EXAMPLE)))
	@GetMapping("/{id}")
	DatasetResponse get(Caller caller, @Parameter(description = "The dataset id (a UUID)") @PathVariable String id) {
		UUID uuid = parse(id).orElseThrow(() -> new NotFoundException("Dataset", id));
		return DatasetResponse.of(this.registry.get(caller.tenantId(), uuid));
	}

	@Operation(operationId = "deleteDataset", summary = "Delete a dataset",
			description = "The dataset disappears from the list and from lookups by name, its name is free for a new "
					+ "upload and its file is removed. Jobs that used it keep their results and can still predict. "
					+ "Built-in datasets and datasets that a queued, running or cancelling job uses cannot be "
					+ "deleted.")
	@ApiResponse(responseCode = "204", description = "Deleted")
	@ApiResponse(responseCode = "404", description = "No active dataset has this id",
			content = @Content(mediaType = PROBLEM,
					examples = @ExampleObject(name = "unknown id", value = DatasetApiExamples.NOT_FOUND_EXAMPLE)))
	@ApiResponse(responseCode = "409",
			description = "dataset-in-use: a queued, running or cancelling job uses it; dataset-builtin: it ships "
					+ "with Kiln",
			content = @Content(mediaType = PROBLEM,
					examples = { @ExampleObject(name = "in use", value = DatasetApiExamples.IN_USE_EXAMPLE),
							@ExampleObject(name = "built in", value = DatasetApiExamples.BUILTIN_EXAMPLE) }))
	@DeleteMapping("/{id}")
	ResponseEntity<Void> delete(Caller caller,
			@Parameter(description = "The dataset id (a UUID)") @PathVariable String id) {
		UUID uuid = parse(id).orElseThrow(() -> new NotFoundException("Dataset", id));
		this.deletion.delete(caller.tenantId(), uuid);
		return ResponseEntity.noContent().build();
	}

	/**
	 * A duplicate's problem document also names the existing dataset in members of its
	 * own, which the shared problem advice has no place for.
	 */
	@ExceptionHandler(DuplicateDatasetException.class)
	ResponseEntity<ProblemDetail> duplicate(DuplicateDatasetException ex) {
		ProblemDetail problem = Problems.of(ex.status(), ex.type(), ex.title(), ex.getMessage());
		problem.setProperty("existingId", ex.existingId());
		problem.setProperty("existingName", ex.existingName());
		return ResponseEntity.status(ex.status()).contentType(MediaType.APPLICATION_PROBLEM_JSON).body(problem);
	}

	/** Every text field and file part of a multipart request, as sent. */
	static UploadRequest uploadRequest(MultipartHttpServletRequest request) {
		Map<String, List<String>> fields = new LinkedHashMap<>();
		request.getParameterMap().forEach((name, values) -> fields.put(name, List.of(values)));
		Map<String, List<InputStreamSource>> parts = new LinkedHashMap<>();
		request.getMultiFileMap().forEach((name, files) -> parts.put(name, List.copyOf(files)));
		return new UploadRequest(fields, parts);
	}

	private static Optional<UUID> parse(String id) {
		try {
			UUID uuid = UUID.fromString(id);
			// UUID.fromString accepts short forms such as 1-2-3-4-5
			return uuid.toString().equalsIgnoreCase(id) ? Optional.of(uuid) : Optional.empty();
		}
		catch (IllegalArgumentException ex) {
			return Optional.empty();
		}
	}

}
