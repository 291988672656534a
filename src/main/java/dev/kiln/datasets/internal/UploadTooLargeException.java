package dev.kiln.datasets.internal;

import dev.kiln.web.ApiException;

import org.springframework.http.HttpStatus;

/**
 * An uploaded part is larger than {@code kiln.datasets.max-upload-bytes}.
 */
class UploadTooLargeException extends ApiException {

	UploadTooLargeException(String part, long maxBytes) {
		super(HttpStatus.CONTENT_TOO_LARGE, "upload-too-large", "Upload too large",
				"The part '" + part + "' exceeds the size limit of " + maxBytes + " bytes");
	}

}
