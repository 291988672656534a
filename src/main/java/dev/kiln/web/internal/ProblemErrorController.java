package dev.kiln.web.internal;

import dev.kiln.web.DatabaseOutages;
import dev.kiln.web.Problems;
import io.swagger.v3.oas.annotations.Hidden;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;

import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Answers the servlet container's error path ({@code /error}) with the same problem
 * documents as everything else, never the HTML "Whitelabel" page or a stack trace.
 */
@Hidden
@RestController
class ProblemErrorController implements ErrorController {

	private final DatabaseUnavailable databaseUnavailable;

	ProblemErrorController(DatabaseUnavailable databaseUnavailable) {
		this.databaseUnavailable = databaseUnavailable;
	}

	@RequestMapping(path = "/error", produces = { MediaType.APPLICATION_PROBLEM_JSON_VALUE,
			MediaType.APPLICATION_JSON_VALUE, MediaType.ALL_VALUE })
	ResponseEntity<ProblemDetail> error(HttpServletRequest request) {
		Object uri = request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI);
		String path = (uri != null) ? uri.toString() : request.getRequestURI();
		// a filter (outside Spring MVC's advice) that failed to reach the database
		if (request.getAttribute(RequestDispatcher.ERROR_EXCEPTION) instanceof Throwable failure
				&& DatabaseOutages.isOutage(failure)) {
			ResponseEntity<ProblemDetail> answer = this.databaseUnavailable.answer(failure);
			answer.getBody().setInstance(Problems.instance(path));
			return answer;
		}
		Object code = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
		HttpStatus status = (code instanceof Integer value && HttpStatus.resolve(value) != null)
				? HttpStatus.valueOf(value) : HttpStatus.NOT_FOUND;
		if (status == HttpStatus.NOT_FOUND) {
			return notFound(path);
		}
		ProblemDetail problem = Problems.of(status, status.name().toLowerCase().replace('_', '-'),
				status.getReasonPhrase(), status.getReasonPhrase() + " while handling " + path);
		problem.setInstance(Problems.instance(path));
		return ResponseEntity.status(status).contentType(MediaType.APPLICATION_PROBLEM_JSON).body(problem);
	}

	/** The answer for a path that names nothing, at the error path or in Spring MVC. */
	static ResponseEntity<ProblemDetail> notFound(String path) {
		ProblemDetail problem = Problems.of(HttpStatus.NOT_FOUND, "not-found", "Not found", "No resource at " + path);
		problem.setInstance(Problems.instance(path));
		return ResponseEntity.status(HttpStatus.NOT_FOUND)
			.contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.body(problem);
	}

}
