package dev.kiln.web.internal;

import java.util.List;

import dev.kiln.web.ApiException;
import dev.kiln.web.DatabaseOutages;
import dev.kiln.web.InvalidField;
import dev.kiln.web.Problems;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.core.exc.StreamReadException;
import tools.jackson.databind.exc.InvalidFormatException;
import tools.jackson.databind.exc.MismatchedInputException;
import tools.jackson.databind.exc.UnrecognizedPropertyException;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.multipart.MaxUploadSizeExceededException;
import org.springframework.web.multipart.MultipartException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/**
 * The one place where exceptions become RFC 9457 problem documents. Spring MVC's own
 * exceptions keep their status and gain Kiln's {@code type}; unreadable JSON names the
 * offending path; a database that cannot be reached is a 503 with {@code Retry-After};
 * anything else unexpected is a 500 with no internals in the body.
 */
@RestControllerAdvice
class ProblemDetailsAdvice extends ResponseEntityExceptionHandler {

	private static final Logger log = LoggerFactory.getLogger(ProblemDetailsAdvice.class);

	private final DatabaseUnavailable databaseUnavailable;

	ProblemDetailsAdvice(DatabaseUnavailable databaseUnavailable) {
		this.databaseUnavailable = databaseUnavailable;
	}

	@ExceptionHandler(ApiException.class)
	ResponseEntity<ProblemDetail> handleApiException(ApiException ex) {
		return ResponseEntity.status(ex.status())
			.body(Problems.of(ex.status(), ex.type(), ex.title(), ex.getMessage(), ex.errors()));
	}

	@ExceptionHandler(MethodArgumentTypeMismatchException.class)
	ResponseEntity<ProblemDetail> handleTypeMismatch(MethodArgumentTypeMismatchException ex) {
		String reason = "'" + ex.getValue() + "' is not a valid "
				+ (ex.getRequiredType() != null ? ex.getRequiredType().getSimpleName() : "value");
		return invalid(List.of(new InvalidField(ex.getName(), reason)));
	}

	/**
	 * A body that is not the multipart form its content type announces (no boundary, a
	 * truncated or garbled form). Uploads over the limit are answered apart, with 413.
	 */
	@ExceptionHandler(MultipartException.class)
	ResponseEntity<ProblemDetail> handleMultipart(MultipartException ex) {
		return invalid(List.of(new InvalidField("$", "the request body is not a readable multipart/form-data form")));
	}

	@ExceptionHandler(Exception.class)
	ResponseEntity<ProblemDetail> handleUnexpected(Exception ex) {
		if (DatabaseOutages.isOutage(ex)) {
			return this.databaseUnavailable.answer(ex);
		}
		log.error("Unexpected error", ex);
		return ResponseEntity.status(HttpStatus.INTERNAL_SERVER_ERROR)
			.body(Problems.of(HttpStatus.INTERNAL_SERVER_ERROR, "internal-error", "Internal error",
					"The server failed to handle the request; the log has the details."));
	}

	@Override
	protected ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException ex,
			HttpHeaders headers, HttpStatusCode status, WebRequest request) {
		for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
			if (cause instanceof JsonBodyLimitFilter.JsonBodyTooLargeException tooLarge) {
				return ResponseEntity.status(HttpStatus.CONTENT_TOO_LARGE)
					.body(JsonBodyLimitFilter.tooLarge(tooLarge.limit()));
			}
		}
		InvalidField field = describe(ex.getMostSpecificCause());
		return asObject(invalid(List.of(field)));
	}

	@Override
	protected ResponseEntity<Object> handleMethodArgumentNotValid(MethodArgumentNotValidException ex,
			HttpHeaders headers, HttpStatusCode status, WebRequest request) {
		List<InvalidField> fields = ex.getBindingResult()
			.getFieldErrors()
			.stream()
			.map((error) -> new InvalidField("$." + error.getField(), error.getDefaultMessage()))
			.toList();
		return asObject(invalid(fields));
	}

	@Override
	protected ResponseEntity<Object> handleMaxUploadSizeExceededException(MaxUploadSizeExceededException ex,
			HttpHeaders headers, HttpStatusCode status, WebRequest request) {
		String detail = "The upload exceeds the size limit"
				+ ((ex.getMaxUploadSize() > 0) ? " of " + ex.getMaxUploadSize() + " bytes" : "");
		return ResponseEntity.status(HttpStatus.CONTENT_TOO_LARGE)
			.body(Problems.of(HttpStatus.CONTENT_TOO_LARGE, "upload-too-large", "Upload too large", detail));
	}

	@Override
	protected ResponseEntity<Object> createResponseEntity(Object body, HttpHeaders headers, HttpStatusCode statusCode,
			WebRequest request) {
		// Spring MVC's own exceptions (405, 406, 415, 404 for unknown paths, missing
		// parameters...) keep their
		// status and detail and gain a Kiln problem type.
		// no type (or RFC 9457's default, about:blank)
		if (body instanceof ProblemDetail problem
				&& (problem.getType() == null || problem.getType().toString().equals("about:blank"))) {
			problem.setType(Problems.of(statusCode, slug(statusCode), "", "").getType());
		}
		return super.createResponseEntity(body, headers, statusCode, request);
	}

	private static String slug(HttpStatusCode status) {
		HttpStatus known = HttpStatus.resolve(status.value());
		return (known != null) ? known.name().toLowerCase().replace('_', '-') : "http-" + status.value();
	}

	private static ResponseEntity<ProblemDetail> invalid(List<InvalidField> fields) {
		String detail = fields.stream()
			.map((f) -> f.path() + ": " + f.reason())
			.reduce((a, b) -> a + "; " + b)
			.orElse("invalid request");
		return ResponseEntity.badRequest()
			.body(Problems.of(HttpStatus.BAD_REQUEST, "invalid-request", "Invalid request", detail, fields));
	}

	@SuppressWarnings("unchecked")
	private static ResponseEntity<Object> asObject(ResponseEntity<?> entity) {
		return (ResponseEntity<Object>) entity;
	}

	/**
	 * Names the JSON path that Jackson could not read, and why, without echoing parser
	 * internals.
	 */
	static InvalidField describe(Throwable cause) {
		if (!(cause instanceof JacksonException jackson)) {
			return new InvalidField("$", "the request body is missing or is not valid JSON");
		}
		String path = jsonPath(jackson.getPath());
		if (jackson instanceof UnrecognizedPropertyException unknown) {
			return new InvalidField(path, "unknown field '" + unknown.getPropertyName() + "'");
		}
		if (jackson instanceof InvalidFormatException format) {
			return new InvalidField(path,
					"'" + format.getValue() + "' is not a valid " + typeName(format.getTargetType()));
		}
		if (jackson instanceof MismatchedInputException mismatch) {
			return new InvalidField(path, "expected " + typeName(mismatch.getTargetType()));
		}
		if (jackson instanceof StreamReadException read && read.getLocation() != null) {
			return new InvalidField(path, "malformed JSON at line " + read.getLocation().getLineNr() + ", column "
					+ read.getLocation().getColumnNr() + ": " + read.getOriginalMessage());
		}
		return new InvalidField(path, "cannot be read: " + jackson.getOriginalMessage());
	}

	static String jsonPath(List<JacksonException.Reference> references) {
		StringBuilder path = new StringBuilder("$");
		for (JacksonException.Reference reference : references) {
			if (reference.getPropertyName() != null) {
				path.append('.').append(reference.getPropertyName());
			}
			else if (reference.getIndex() >= 0) {
				path.append('[').append(reference.getIndex()).append(']');
			}
		}
		return path.toString();
	}

	private static String typeName(Class<?> type) {
		if (type == null) {
			return "value";
		}
		if (Number.class.isAssignableFrom(type) || (type.isPrimitive() && type != boolean.class)) {
			return (type == Double.class || type == double.class || type == Float.class || type == float.class)
					? "number" : "integer";
		}
		if (type == Boolean.class || type == boolean.class) {
			return "boolean";
		}
		if (type == String.class) {
			return "string";
		}
		if (java.util.Collection.class.isAssignableFrom(type) || type.isArray()) {
			return "array";
		}
		return "object";
	}

}
