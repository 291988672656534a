package dev.kiln.web.internal;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import dev.kiln.storage.StorageFullException;
import dev.kiln.web.ApiException;
import dev.kiln.web.DatabaseOutages;
import dev.kiln.web.InvalidField;
import dev.kiln.web.Names;
import dev.kiln.web.Problems;
import org.apache.tomcat.util.http.fileupload.impl.FileCountLimitExceededException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.core.exc.StreamReadException;
import tools.jackson.databind.exc.InvalidFormatException;
import tools.jackson.databind.exc.MismatchedInputException;
import tools.jackson.databind.exc.UnrecognizedPropertyException;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.core.MethodParameter;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageConverter;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.security.web.firewall.RequestRejectedException;
import org.springframework.util.MimeTypeUtils;
import org.springframework.util.StringUtils;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.RequestAttributes;
import org.springframework.web.context.request.ServletWebRequest;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.multipart.MaxUploadSizeExceededException;
import org.springframework.web.multipart.MultipartException;
import org.springframework.web.servlet.HandlerMapping;
import org.springframework.web.servlet.NoHandlerFoundException;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerAdapter;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;
import org.springframework.web.servlet.resource.NoResourceFoundException;

/**
 * The one place where exceptions become RFC 9457 problem documents. Spring MVC's own
 * exceptions keep their status and gain Kiln's {@code type}; unreadable JSON names the
 * offending path and what is wrong there, in the words of the body rather than the
 * parser's ({@link JsonReadErrors}); a body of a type the endpoint does not take, or of
 * none, says which and what it takes; a database that cannot be reached is a 503 with
 * {@code Retry-After}; anything else unexpected is a 500 with no internals in the body.
 */
@RestControllerAdvice
class ProblemDetailsAdvice extends ResponseEntityExceptionHandler {

	private static final int MAX_ECHOED_LENGTH = 200;

	private static final Logger log = LoggerFactory.getLogger(ProblemDetailsAdvice.class);

	static final String INSUFFICIENT_STORAGE = "insufficient-storage";

	/** Spring's message for a Content-Type it cannot parse, and why. */
	private static final Pattern INVALID_MEDIA_TYPE = Pattern.compile("Invalid (?:mime|media) type \".*\": (.+)",
			Pattern.DOTALL);

	/** Where an enum's simple name breaks into words. */
	private static final Pattern CAMEL_CASE_BOUNDARY = Pattern.compile("(?<=[a-z0-9])(?=[A-Z])");

	/** What Spring Security's firewall refused, in its message. */
	private static final Pattern REJECTED_PART = Pattern.compile("(parameter|header) (name|value)");

	private final DatabaseUnavailable databaseUnavailable;

	/** The message converters that read request bodies, as Spring MVC uses them. */
	private final ObjectProvider<RequestMappingHandlerAdapter> handlerAdapter;

	ProblemDetailsAdvice(DatabaseUnavailable databaseUnavailable,
			ObjectProvider<RequestMappingHandlerAdapter> handlerAdapter) {
		this.databaseUnavailable = databaseUnavailable;
		this.handlerAdapter = handlerAdapter;
	}

	@ExceptionHandler(ApiException.class)
	ResponseEntity<ProblemDetail> handleApiException(ApiException ex) {
		return ResponseEntity.status(ex.status())
			.body(Problems.of(ex.status(), ex.type(), ex.title(), ex.getMessage(), ex.errors()));
	}

	@ExceptionHandler(MethodArgumentTypeMismatchException.class)
	ResponseEntity<ProblemDetail> handleTypeMismatch(MethodArgumentTypeMismatchException ex) {
		Class<?> type = ex.getRequiredType();
		String reason = (type != null && type.isEnum()) ? notOneOf(ex.getValue(), type)
				: "'" + ex.getValue() + "' is not a valid " + ((type != null) ? type.getSimpleName() : "value");
		return invalid(List.of(new InvalidField(ex.getName(), reason)));
	}

	/**
	 * An enum parameter's refusal, in the words of the API rather than of Java: what the
	 * values are, such as "'FOO' is not a job status: one of QUEUED, RUNNING...".
	 */
	static String notOneOf(Object value, Class<?> enumType) {
		String values = Arrays.stream(enumType.getEnumConstants())
			.map((constant) -> ((Enum<?>) constant).name())
			.collect(Collectors.joining(", "));
		String words = CAMEL_CASE_BOUNDARY.matcher(enumType.getSimpleName()).replaceAll(" ").toLowerCase(Locale.ROOT);
		String article = "aeiou".indexOf(words.charAt(0)) >= 0 ? "an " : "a ";
		return "'" + value + "' is not " + article + words + ": one of " + values;
	}

	/**
	 * A request that Spring Security's firewall refuses as Spring MVC reads it: a name or
	 * value of a parameter or header that holds what is never allowed there (a line
	 * break, another control character). A form posted to an endpoint that takes a body
	 * of another type is the usual way there (a JSON body over several lines sent with
	 * curl's default form type, whose first line becomes a form field name): it is
	 * answered as a body of that type always is, with 415; anything else with a 400 that
	 * says what was refused. The name or value itself is not echoed.
	 */
	@ExceptionHandler(RequestRejectedException.class)
	ResponseEntity<Object> handleRequestRejected(RequestRejectedException ex, WebRequest request) {
		HttpMediaTypeNotSupportedException unsupported = formForAnotherBody(request);
		if (unsupported != null) {
			return handleHttpMediaTypeNotSupported(unsupported, unsupported.getHeaders(), unsupported.getStatusCode(),
					request);
		}
		Matcher what = REJECTED_PART.matcher(String.valueOf(ex.getMessage()));
		String part = what.find() ? what.group(1) + " " + what.group(2) : "part";
		if (part.startsWith("parameter")) {
			part = "query or form " + part;
		}
		log.debug("Rejected a request: {}", ex.getMessage());
		return ResponseEntity.badRequest()
			.body(Problems.of(HttpStatus.BAD_REQUEST, "bad-request", "Bad Request", "The request was rejected: a "
					+ part + " holds characters that are not allowed there (such as a line break)"));
	}

	/**
	 * The 415 for a form posted to an endpoint whose body is of another type, or null if
	 * the request is not one.
	 */
	private HttpMediaTypeNotSupportedException formForAnotherBody(WebRequest request) {
		if (!(request instanceof ServletWebRequest servlet) || !"POST".equals(servlet.getRequest().getMethod())
				|| !(request.getAttribute(HandlerMapping.BEST_MATCHING_HANDLER_ATTRIBUTE,
						RequestAttributes.SCOPE_REQUEST) instanceof HandlerMethod handler)) {
			return null;
		}
		MediaType sent;
		try {
			sent = MediaType.parseMediaType(servlet.getRequest().getContentType());
		}
		catch (IllegalArgumentException ex) {
			return null;
		}
		if (!MediaType.APPLICATION_FORM_URLENCODED.includes(sent)) {
			return null;
		}
		for (MethodParameter parameter : handler.getMethodParameters()) {
			if (parameter.hasParameterAnnotation(RequestBody.class)) {
				Class<?> body = parameter.getParameterType();
				Set<MediaType> takes = new LinkedHashSet<>();
				for (HttpMessageConverter<?> converter : this.handlerAdapter.getObject().getMessageConverters()) {
					takes.addAll(converter.getSupportedMediaTypes(body));
				}
				List<MediaType> supported = new ArrayList<>(takes);
				MimeTypeUtils.sortBySpecificity(supported);
				return supported.stream().anyMatch((type) -> type.includes(sent)) ? null
						: new HttpMediaTypeNotSupportedException(sent, supported, HttpMethod.POST);
			}
		}
		return null;
	}

	/**
	 * A body that is not the multipart form its content type announces (no boundary, a
	 * truncated or garbled form). Uploads over the limit are answered apart, with 413.
	 */
	@ExceptionHandler(MultipartException.class)
	ResponseEntity<ProblemDetail> handleMultipart(MultipartException ex) {
		if (StorageFullException.isFullDisk(ex)) {
			// the servlet container's temporary folder, where parts are spooled, is full
			return insufficientStorage(ex);
		}
		FileCountLimitExceededException tooManyParts = partCountExceeded(ex);
		if (tooManyParts != null) {
			return asProblem(tooManyParts(tooManyParts));
		}
		return invalid(List.of(new InvalidField("$", "the request body is not a readable multipart/form-data form")));
	}

	/**
	 * A disk Kiln writes to is full; whatever the request began to write was removed. The
	 * folder is named in the log, not to clients.
	 */
	@ExceptionHandler(StorageFullException.class)
	ResponseEntity<ProblemDetail> handleStorageFull(StorageFullException ex) {
		return insufficientStorage(ex);
	}

	static ResponseEntity<ProblemDetail> insufficientStorage(Exception ex) {
		log.warn("Refused a request for lack of disk space: {}", ex.getMessage());
		return ResponseEntity.status(HttpStatus.INSUFFICIENT_STORAGE)
			.body(Problems.of(HttpStatus.INSUFFICIENT_STORAGE, INSUFFICIENT_STORAGE, "Insufficient storage",
					"The server has no space left to store this request's data, and nothing of it was kept. "
							+ "Try again once space has been freed."));
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

	/**
	 * A header value as a problem may echo it: one line (refused characters shown as
	 * {@code <U+XXXX>}) and at most {@value #MAX_ECHOED_LENGTH} characters, however long
	 * the client made it.
	 */
	private static String echoed(String value) {
		String shown = Names.shown(value);
		return (shown.length() <= MAX_ECHOED_LENGTH) ? shown : shown.substring(0, MAX_ECHOED_LENGTH) + "...";
	}

	/**
	 * A body of a type the endpoint does not take, or with no type at all: says which
	 * (Spring MVC words a missing Content-Type as {@code 'null'}, or as
	 * {@code application/octet-stream}, the type it then assumes) and what the endpoint
	 * takes.
	 */
	@Override
	protected ResponseEntity<Object> handleHttpMediaTypeNotSupported(HttpMediaTypeNotSupportedException ex,
			HttpHeaders headers, HttpStatusCode status, WebRequest request) {
		String sent = request.getHeader(HttpHeaders.CONTENT_TYPE);
		String detail;
		if (!StringUtils.hasText(sent)) {
			detail = "The request has no Content-Type";
		}
		else if (ex.getContentType() == null) {
			// Spring's reason why it could not be parsed, such as an unknown charset
			Matcher invalid = INVALID_MEDIA_TYPE.matcher(String.valueOf(ex.getMessage()));
			detail = "Content-Type '" + echoed(sent) + "' is not valid"
					+ (invalid.matches() ? ": " + invalid.group(1) : " as a media type");
		}
		else {
			detail = "Content-Type '" + echoed(ex.getContentType().toString()) + "' is not supported";
		}
		List<String> supported = ex.getSupportedMediaTypes().stream().map(MediaType::toString).toList();
		if (!supported.isEmpty()) {
			detail += "; this endpoint takes " + oneOf(supported);
		}
		ProblemDetail body = ex.getBody();
		body.setDetail(detail);
		return handleExceptionInternal(ex, body, headers, status, request);
	}

	private static String oneOf(List<String> choices) {
		int last = choices.size() - 1;
		return (last == 0) ? choices.get(0) : String.join(", ", choices.subList(0, last)) + " or " + choices.get(last);
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
		// Spring reports Tomcat's limit on the number of parts as one on their size
		FileCountLimitExceededException tooManyParts = partCountExceeded(ex);
		if (tooManyParts != null) {
			return tooManyParts(tooManyParts);
		}
		String detail = "The upload exceeds the size limit"
				+ ((ex.getMaxUploadSize() > 0) ? " of " + ex.getMaxUploadSize() + " bytes" : "");
		return ResponseEntity.status(HttpStatus.CONTENT_TOO_LARGE)
			.body(Problems.of(HttpStatus.CONTENT_TOO_LARGE, "upload-too-large", "Upload too large", detail));
	}

	/**
	 * A path that no endpoint or static file answers: Kiln's own wording, as at the error
	 * path, rather than Spring's "No static resource".
	 */
	@Override
	protected ResponseEntity<Object> handleNoResourceFoundException(NoResourceFoundException ex, HttpHeaders headers,
			HttpStatusCode status, WebRequest request) {
		return asObject(ProblemErrorController.notFound(path(request)));
	}

	@Override
	protected ResponseEntity<Object> handleNoHandlerFoundException(NoHandlerFoundException ex, HttpHeaders headers,
			HttpStatusCode status, WebRequest request) {
		return asObject(ProblemErrorController.notFound(path(request)));
	}

	private static String path(WebRequest request) {
		return (request instanceof ServletWebRequest servlet) ? servlet.getRequest().getRequestURI()
				: request.getDescription(false);
	}

	private static FileCountLimitExceededException partCountExceeded(Throwable ex) {
		for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
			if (cause instanceof FileCountLimitExceededException tooMany) {
				return tooMany;
			}
		}
		return null;
	}

	private static ResponseEntity<Object> tooManyParts(FileCountLimitExceededException ex) {
		return ResponseEntity.status(HttpStatus.CONTENT_TOO_LARGE)
			.body(Problems.of(HttpStatus.CONTENT_TOO_LARGE, "too-many-parts", "Too many parts",
					"The form has more than " + ex.getLimit() + " parts, the most a request may have "
							+ "(server.tomcat.max-part-count)"));
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

	@SuppressWarnings("unchecked")
	private static ResponseEntity<ProblemDetail> asProblem(ResponseEntity<?> entity) {
		return (ResponseEntity<ProblemDetail>) entity;
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
			return new InvalidField(path, JsonReadErrors.malformed(read));
		}
		String why = JsonReadErrors.plain(jackson.getOriginalMessage());
		return new InvalidField(path, (why != null) ? "cannot be read: " + why : "cannot be read");
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
		if (type == UUID.class) {
			// a UUID is written as a string, never as an object
			return "UUID";
		}
		if (java.util.Collection.class.isAssignableFrom(type) || type.isArray()) {
			return "array";
		}
		return "object";
	}

}
