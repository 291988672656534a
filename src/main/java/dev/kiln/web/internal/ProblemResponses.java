package dev.kiln.web.internal;

import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.headers.Header;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.parameters.Parameter;
import io.swagger.v3.oas.models.parameters.RequestBody;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import org.springdoc.core.customizers.OperationCustomizer;

import org.springframework.http.HttpHeaders;
import org.springframework.web.method.HandlerMethod;

/**
 * The error answers of every operation in the API document. Controllers document the
 * errors that are their own (404 for an unknown job, 409 for a taken name...); this adds
 * those that Kiln's shared machinery gives any operation (an unreadable parameter or
 * body, no API key, a body too large or of the wrong type, an unexpected failure, a
 * database that cannot be reached), and gives every error answer the problem document as
 * its content.
 */
final class ProblemResponses implements OperationCustomizer {

	private static final String PROBLEM_SCHEMA = "ProblemDetail";

	private static final String PROBLEM_JSON = org.springframework.http.MediaType.APPLICATION_PROBLEM_JSON_VALUE;

	private static final String JSON = org.springframework.http.MediaType.APPLICATION_JSON_VALUE;

	private static final String DATABASE_UNAVAILABLE = DatabaseUnavailable.TYPE
			+ ": the database cannot be reached at the moment; send the request again after Retry-After seconds";

	@Override
	public Operation customize(Operation operation, HandlerMethod handlerMethod) {
		ApiResponses responses = operation.getResponses();
		RequestBody body = operation.getRequestBody();
		boolean converted = operation.getParameters() != null
				&& operation.getParameters().stream().anyMatch(ProblemResponses::isConverted);
		if (body != null || converted) {
			addIfAbsent(responses, "400", "A parameter or the body is invalid; errors names each by its path, and why");
		}
		addIfAbsent(responses, "401", "No API key, or one that is unknown or revoked (unauthenticated)");
		if (body != null && body.getContent() != null) {
			if (body.getContent().containsKey(JSON)) {
				addIfAbsent(responses, "413", "body-too-large: the JSON body is larger than kiln.web.max-json-body");
			}
			addIfAbsent(responses, "415", "The body is not " + String.join(" or ", body.getContent().keySet()));
		}
		addIfAbsent(responses, "500", "internal-error: an unexpected failure; the log has the details");
		ApiResponse unavailable = responses.get("503");
		if (unavailable == null) {
			responses.addApiResponse("503", new ApiResponse().description(DATABASE_UNAVAILABLE));
		}
		else {
			unavailable.setDescription(unavailable.getDescription() + "; or " + DATABASE_UNAVAILABLE);
		}
		responses.get("503").addHeaderObject(HttpHeaders.RETRY_AFTER, retryAfter());
		responses.forEach((code, response) -> {
			if (code.startsWith("4") || code.startsWith("5")) {
				response.setContent(problemContent(response.getContent()));
			}
		});
		return operation;
	}

	private static Header retryAfter() {
		return new Header()
			.description("Seconds to wait before sending the request again (kiln.web.database-retry-after)")
			.schema(new Schema<>().types(java.util.Set.of("integer")).type("integer"));
	}

	/**
	 * Whether Spring converts the parameter from its text, which fails with a 400 (a
	 * UUID, a number, an enum).
	 */
	private static boolean isConverted(Parameter parameter) {
		Schema<?> schema = parameter.getSchema();
		if (schema == null) {
			return false;
		}
		String type = (schema.getType() != null) ? schema.getType()
				: (schema.getTypes() != null && schema.getTypes().size() == 1) ? schema.getTypes().iterator().next()
						: null;
		return !"string".equals(type) || schema.getFormat() != null || schema.getEnum() != null;
	}

	private static void addIfAbsent(ApiResponses responses, String code, String description) {
		responses.computeIfAbsent(code, (c) -> new ApiResponse().description(description));
	}

	/**
	 * A problem document, with the examples a controller gave it; a schema inferred from
	 * the handler's return type does not describe an error.
	 */
	private static Content problemContent(Content declared) {
		MediaType problem = (declared != null) ? declared.get(PROBLEM_JSON) : null;
		if (problem == null) {
			problem = new MediaType();
		}
		problem.setSchema(new Schema<>().$ref("#/components/schemas/" + PROBLEM_SCHEMA));
		return new Content().addMediaType(PROBLEM_JSON, problem);
	}

}
