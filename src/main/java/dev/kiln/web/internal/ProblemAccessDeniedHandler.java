package dev.kiln.web.internal;

import java.io.IOException;

import dev.kiln.web.Problems;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.web.access.AccessDeniedHandler;

/**
 * Answers an authenticated request whose key lacks the role a path needs (a tenant key on
 * an actuator endpoint, which spans every tenant) with a 403 problem document, of the
 * same type as the tenants API's refusal of a non-admin key.
 */
final class ProblemAccessDeniedHandler implements AccessDeniedHandler {

	private final JsonMapper json;

	ProblemAccessDeniedHandler(JsonMapper json) {
		this.json = json;
	}

	@Override
	public void handle(HttpServletRequest request, HttpServletResponse response, AccessDeniedException ex)
			throws IOException {
		ProblemDetail problem = Problems.of(HttpStatus.FORBIDDEN, "admin-key-required", "Forbidden",
				"This endpoint needs an admin API key");
		problem.setInstance(Problems.instance(request.getRequestURI()));
		response.setStatus(HttpStatus.FORBIDDEN.value());
		response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
		this.json.writeValue(response.getOutputStream(), problem);
	}

}
