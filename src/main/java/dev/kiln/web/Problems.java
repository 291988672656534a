package dev.kiln.web;

import java.net.URI;
import java.util.List;

import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;

/**
 * Builds Kiln's problem documents: {@code type} is {@code /problems/<slug>}, and field
 * errors go in an {@code errors} extension member.
 */
public final class Problems {

	private Problems() {
	}

	public static ProblemDetail of(HttpStatusCode status, String type, String title, String detail) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
		problem.setType(URI.create("/problems/" + type));
		problem.setTitle(title);
		return problem;
	}

	public static ProblemDetail of(HttpStatusCode status, String type, String title, String detail,
			List<InvalidField> errors) {
		ProblemDetail problem = of(status, type, title, detail);
		if (!errors.isEmpty()) {
			problem.setProperty("errors", errors);
		}
		return problem;
	}

}
