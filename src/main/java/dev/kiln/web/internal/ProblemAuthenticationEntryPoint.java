package dev.kiln.web.internal;

import java.io.IOException;

import dev.kiln.web.Problems;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.web.AuthenticationEntryPoint;

/**
 * Answers a request that is not authenticated with a 401 problem document and the
 * {@code WWW-Authenticate} challenge of RFC 6750 ({@code error="invalid_token"} when a
 * key was sent but not accepted).
 */
final class ProblemAuthenticationEntryPoint implements AuthenticationEntryPoint {

	static final String REALM = "kiln";

	private final JsonMapper json;

	ProblemAuthenticationEntryPoint(JsonMapper json) {
		this.json = json;
	}

	@Override
	public void commence(HttpServletRequest request, HttpServletResponse response, AuthenticationException ex)
			throws IOException {
		boolean keyRefused = ex instanceof BadCredentialsException;
		String detail = keyRefused ? ex.getMessage()
				: "This endpoint needs an API key: send 'Authorization: Bearer <API key>'";
		ProblemDetail problem = Problems.of(HttpStatus.UNAUTHORIZED, "unauthenticated", "Unauthenticated", detail);
		problem.setInstance(Problems.instance(request.getRequestURI()));
		response.setStatus(HttpStatus.UNAUTHORIZED.value());
		response.setHeader(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"" + REALM + "\""
				+ (keyRefused ? ", error=\"invalid_token\", error_description=\"" + ex.getMessage() + "\"" : ""));
		response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
		this.json.writeValue(response.getOutputStream(), problem);
	}

}
