package dev.kiln.web;

import org.springframework.http.HttpStatus;

/**
 * The request is valid but conflicts with the current state of what it addresses.
 */
public class ConflictException extends ApiException {

	public ConflictException(String type, String detail) {
		super(HttpStatus.CONFLICT, type, "Conflict", detail);
	}

}
