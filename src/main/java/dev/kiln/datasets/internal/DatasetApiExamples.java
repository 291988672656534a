package dev.kiln.datasets.internal;

/**
 * The examples the API documentation shows for the dataset endpoints.
 */
final class DatasetApiExamples {

	static final String INVALID_CSV_EXAMPLE = """
			{"type": "/problems/invalid-request", "title": "Invalid request", "status": 400,
			 "detail": "file: row 3 (line 4), column 'sepal_width': 'abc' is not a number",
			 "errors": [{"path": "file", "reason": "row 3 (line 4), column 'sepal_width': 'abc' is not a number"}]}""";

	static final String NAME_TAKEN_EXAMPLE = """
			{"type": "/problems/dataset-name-taken", "title": "Conflict", "status": 409,
			 "detail": "A dataset named 'iris' already exists"}""";

	static final String NOT_FOUND_EXAMPLE = """
			{"type": "/problems/not-found", "title": "Not found", "status": 404,
			 "detail": "Dataset '3f2c8a0e-1b7d-4c52-9e0a-6d1f2b3c4d5e' does not exist"}""";

	static final String TOO_LARGE_EXAMPLE = """
			{"type": "/problems/upload-too-large", "title": "Upload too large", "status": 413,
			 "detail": "The part 'file' exceeds the size limit of 104857600 bytes"}""";

	static final String INSUFFICIENT_STORAGE_EXAMPLE = """
			{"type": "/problems/insufficient-storage", "title": "Insufficient storage", "status": 507,
			 "detail": "The server has no space left to store this request's data, and nothing of it was kept. Try again once space has been freed."}""";

	static final String DATASET_EXAMPLE = """
			{"id": "da3c8e17-b44c-39e8-85dd-1bc72bb61ba4", "name": "iris", "source": "builtin", "format": "csv",
			 "featureShape": [4],
			 "featureNames": ["sepal_length", "sepal_width", "petal_length", "petal_width"],
			 "classNames": ["setosa", "versicolor", "virginica"], "rows": 150, "testRows": 0, "normalization": "none", "oneHot": [],
			 "sha256": "e404da8a0348eaa780e968c07a8f4dc90fe90eea54ddceeb5b444ce0caae8d30", "sizeBytes": 4009,
			 "createdAt": "2025-01-31T12:00:00.123456Z"}""";

	static final String IDX_COUNTS_EXAMPLE = """
			{"type": "/problems/invalid-request", "title": "Invalid request", "status": 400,
			 "detail": "images: holds 59,999 images but labels holds 60,000 labels",
			 "errors": [{"path": "images", "reason": "holds 59,999 images but labels holds 60,000 labels"}]}""";

	static final String UNKNOWN_FIELD_EXAMPLE = """
			{"type": "/problems/invalid-request", "title": "Invalid request", "status": 400,
			 "detail": "labelcolumn: is not a field of this upload: format csv takes the parts file and the fields format, name, normalization, labelColumn, shape, oneHot",
			 "errors": [{"path": "labelcolumn", "reason": "is not a field of this upload: format csv takes the parts file and the fields format, name, normalization, labelColumn, shape, oneHot"}]}""";

	static final String IDX_EXAMPLE = """
			{"id": "0b9e4c3a-5f1d-4e8a-9c2b-7d6e5f4a3b21", "name": "fashion-mnist", "source": "upload",
			 "format": "idx", "featureShape": [28, 28, 1], "featureNames": ["p0", "p1", "...", "p783"],
			 "classNames": ["T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker",
			                "Bag", "Ankle boot"],
			 "rows": 70000, "testRows": 10000, "normalization": "minmax", "oneHot": [],
			 "sha256": "8d4fb7e6c68d591d4c3dfef9ec88bf0d8d4fb7e6c68d591d4c3dfef9ec88bf0d", "sizeBytes": 30878645,
			 "createdAt": "2025-01-31T12:00:00.123456Z"}""";

	static final String DUPLICATE_EXAMPLE = """
			{"type": "/problems/dataset-duplicate", "title": "Conflict", "status": 409,
			 "detail": "The same content was already uploaded as dataset 'iris' (da3c8e17-b44c-39e8-85dd-1bc72bb61ba4)",
			 "existingId": "da3c8e17-b44c-39e8-85dd-1bc72bb61ba4", "existingName": "iris"}""";

	static final String IN_USE_EXAMPLE = """
			{"type": "/problems/dataset-in-use", "title": "Conflict", "status": 409,
			 "detail": "Dataset 'my-iris' is used by a queued or running job: cancel the job or wait for it to end"}""";

	static final String BUILTIN_EXAMPLE = """
			{"type": "/problems/dataset-builtin", "title": "Conflict", "status": 409,
			 "detail": "Dataset 'iris' is built in and cannot be deleted"}""";

	static final String IMAGES_ZIP_EXAMPLE = """
			{"id": "5c1f0e2d-8a3b-4c7d-9e6f-1a2b3c4d5e6f", "name": "pets", "source": "upload", "format": "images-zip",
			 "featureShape": [64, 64, 3], "featureNames": ["p0", "p1", "...", "p12287"], "classNames": ["cat", "dog"],
			 "rows": 1998, "testRows": 0, "normalization": "minmax", "oneHot": [],
			 "sha256": "3a7bd3e2360a3d29eea436fcfb7e44c735d117c42d1c1835420b6b9942dd4f1b", "sizeBytes": 52428800,
			 "createdAt": "2025-01-31T12:00:00.123456Z",
			 "skipped": [{"entry": "pets/cat/Thumbs.db", "reason": "unsupported file type '.db'; expected png, jpg, jpeg, gif or bmp"},
			             {"entry": "pets/dog/broken.jpg", "reason": "cannot be decoded as a JPEG image: Premature end of JPEG file"}],
			 "skippedCount": 2}""";

	static final String ZIP_SLIP_EXAMPLE = """
			{"type": "/problems/invalid-request", "title": "Invalid request", "status": 400,
			 "detail": "file: entry '../../etc/cron.d/x.png' climbs out of its folder with '..': its path escapes the archive's folder (zip slip)",
			 "errors": [{"path": "file", "reason": "entry '../../etc/cron.d/x.png' climbs out of its folder with '..': its path escapes the archive's folder (zip slip)"}]}""";

	private DatasetApiExamples() {
	}

}
