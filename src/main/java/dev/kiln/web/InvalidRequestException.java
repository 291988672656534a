package dev.kiln.web;

import java.util.List;

import org.springframework.http.HttpStatus;

/**
 * A request whose content is refused, naming each field at fault.
 */
public class InvalidRequestException extends ApiException {

	private final List<InvalidField> errors;

	public InvalidRequestException(String detail, List<InvalidField> errors) {
		super(HttpStatus.BAD_REQUEST, "invalid-request", "Invalid request", detail);
		this.errors = List.copyOf(errors);
	}

	public InvalidRequestException(String path, String reason) {
		this(path + ": " + reason, List.of(new InvalidField(path, reason)));
	}

	@Override
	public List<InvalidField> errors() {
		return this.errors;
	}

}
