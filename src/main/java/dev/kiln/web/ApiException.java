package dev.kiln.web;

import java.util.List;

import org.springframework.http.HttpStatus;

/**
 * An error that Kiln answers with an RFC 9457 problem document. The message is the
 * problem's {@code detail}.
 */
public abstract class ApiException extends RuntimeException {

	private final HttpStatus status;

	private final String type;

	private final String title;

	protected ApiException(HttpStatus status, String type, String title, String detail) {
		// the detail may echo what was refused
		super(Names.shown(detail));
		this.status = status;
		this.type = type;
		this.title = title;
	}

	public HttpStatus status() {
		return this.status;
	}

	/**
	 * A short slug naming the kind of problem; the problem's {@code type} URI is built
	 * from it.
	 */
	public String type() {
		return this.type;
	}

	public String title() {
		return this.title;
	}

	/** The fields at fault, if any. */
	public List<InvalidField> errors() {
		return List.of();
	}

}
