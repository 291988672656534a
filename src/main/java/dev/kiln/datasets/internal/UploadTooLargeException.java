package dev.kiln.datasets.internal;

import dev.kiln.web.ApiException;

import org.springframework.http.HttpStatus;

/**
 * An uploaded file is larger than {@code kiln.datasets.max-upload-bytes}.
 */
class UploadTooLargeException extends ApiException {

	UploadTooLargeException(long maxBytes) {
		super(HttpStatus.CONTENT_TOO_LARGE, "upload-too-large", "Upload too large",
				"The file exceeds the size limit of " + maxBytes + " bytes");
	}

}
