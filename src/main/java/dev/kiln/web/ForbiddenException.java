package dev.kiln.web;

import org.springframework.http.HttpStatus;

/**
 * The caller is known but its key may not do this. Used for what a key's role forbids,
 * never to hide another tenant's resources: those are {@link NotFoundException not
 * found}.
 */
public class ForbiddenException extends ApiException {

	public ForbiddenException(String type, String detail) {
		super(HttpStatus.FORBIDDEN, type, "Forbidden", detail);
	}

}
