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
			answer.getBody().setInstance(java.net.URI.create(path));
			return answer;
		}
		Object code = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
		HttpStatus status = (code instanceof Integer value && HttpStatus.resolve(value) != null)
				? HttpStatus.valueOf(value) : HttpStatus.NOT_FOUND;
		String detail = (status == HttpStatus.NOT_FOUND) ? "No resource at " + path
				: status.getReasonPhrase() + " while handling " + path;
		ProblemDetail problem = Problems.of(status, status.name().toLowerCase().replace('_', '-'),
				status.getReasonPhrase(), detail);
		problem.setInstance(java.net.URI.create(path));
		return ResponseEntity.status(status).contentType(MediaType.APPLICATION_PROBLEM_JSON).body(problem);
	}

}
