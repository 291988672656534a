package dev.kiln.web;

import org.springframework.http.HttpStatus;

/**
 * Something named in the request does not exist (or is not visible to the caller).
 */
public class NotFoundException extends ApiException {

	public NotFoundException(String what, Object id) {
		super(HttpStatus.NOT_FOUND, "not-found", "Not found", what + " '" + id + "' does not exist");
	}

}
