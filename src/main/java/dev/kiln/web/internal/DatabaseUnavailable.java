package dev.kiln.web.internal;

import java.io.IOException;

import dev.kiln.web.Problems;
import dev.kiln.web.WebProperties;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Component;

/**
 * The answer to a request that needed the database while it could not be reached
 * ({@link dev.kiln.web.DatabaseOutages}): 503, {@code /problems/database-unavailable},
 * with {@code Retry-After} ({@code kiln.web.database-retry-after}), so that clients and
 * load balancers try again rather than give up.
 */
@Component
class DatabaseUnavailable {

	private static final Logger log = LoggerFactory.getLogger(DatabaseUnavailable.class);

	static final String TYPE = "database-unavailable";

	private final String retryAfter;

	private final JsonMapper json;

	DatabaseUnavailable(WebProperties properties, JsonMapper json) {
		this.retryAfter = Long.toString(properties.databaseRetryAfterSeconds());
		this.json = json;
	}

	ResponseEntity<ProblemDetail> answer(Throwable failure) {
		logged(failure);
		return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
			.header(HttpHeaders.RETRY_AFTER, this.retryAfter)
			.contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.body(problem());
	}

	/** For filters, which answer outside Spring MVC. */
	void write(HttpServletRequest request, HttpServletResponse response, Throwable failure) throws IOException {
		logged(failure);
		ProblemDetail problem = problem();
		problem.setInstance(Problems.instance(request.getRequestURI()));
		response.setStatus(HttpStatus.SERVICE_UNAVAILABLE.value());
		response.setHeader(HttpHeaders.RETRY_AFTER, this.retryAfter);
		response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
		this.json.writeValue(response.getOutputStream(), problem);
	}

	private ProblemDetail problem() {
		return Problems.of(HttpStatus.SERVICE_UNAVAILABLE, TYPE, "Database unavailable",
				"Kiln cannot reach its database at the moment; send the request again after " + this.retryAfter + " s");
	}

	/** One line, no stack trace: an outage makes many of these at once. */
	private static void logged(Throwable failure) {
		Throwable root = failure;
		while (root.getCause() != null && root.getCause() != root) {
			root = root.getCause();
		}
		log.warn("Answered 503: the database cannot be reached ({})", root.toString());
	}

}
