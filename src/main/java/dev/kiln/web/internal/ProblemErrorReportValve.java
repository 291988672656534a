package dev.kiln.web.internal;

import java.io.PrintWriter;
import java.util.Map;
import java.util.TreeMap;

import dev.kiln.web.Problems;
import org.apache.catalina.Container;
import org.apache.catalina.Valve;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ErrorReportValve;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.tomcat.ConfigurableTomcatWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.core.Ordered;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.stereotype.Component;

/**
 * Answers the errors Tomcat reports itself, before any servlet runs (an encoded
 * {@code /}, {@code \} or NUL in the path, an unparseable request line...), with a
 * problem document instead of Tomcat's HTML error page. Errors that reach the application
 * are answered by {@link ProblemDetailsAdvice} and {@link ProblemErrorController}; this
 * valve then finds the body written and does nothing.
 */
class ProblemErrorReportValve extends ErrorReportValve {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	@Override
	protected void report(Request request, Response response, Throwable throwable) {
		int status = response.getStatus();
		if (status < 400 || response.getContentWritten() > 0 || !response.setErrorReported()) {
			return;
		}
		HttpStatus known = HttpStatus.resolve(status);
		String title = (known != null) ? known.getReasonPhrase() : "Error";
		String slug = (known != null) ? known.name().toLowerCase().replace('_', '-') : "http-" + status;
		ProblemDetail problem = Problems.of(HttpStatusCode.valueOf(status), slug, title,
				(known == HttpStatus.BAD_REQUEST) ? "The request line, path or headers cannot be accepted" : title);
		// the members every problem document has, in the order Spring MVC writes them;
		// an empty instance (Tomcat could not read the target) is kept, and refers to
		// the request itself
		Map<String, Object> document = new TreeMap<>();
		document.put("type", problem.getType().toString());
		document.put("title", problem.getTitle());
		document.put("status", problem.getStatus());
		document.put("detail", problem.getDetail());
		document.put("instance", Problems.instance(request.getRequestURI()).toString());
		try {
			response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
			response.setCharacterEncoding("UTF-8");
			PrintWriter writer = response.getReporter();
			if (writer != null) {
				writer.write(JSON.writeValueAsString(document));
				response.finishResponse();
			}
		}
		catch (Exception ex) {
			// the client has gone; nothing more can be said
		}
	}

	/**
	 * Puts the valve in place of the host's error report valve (the one Spring Boot adds
	 * and the one Tomcat would add by default).
	 */
	@Component
	static class Installer implements WebServerFactoryCustomizer<ConfigurableTomcatWebServerFactory>, Ordered {

		@Override
		public void customize(ConfigurableTomcatWebServerFactory factory) {
			factory.addContextCustomizers((context) -> {
				Container host = context.getParent();
				for (Valve valve : host.getPipeline().getValves()) {
					if (valve instanceof ErrorReportValve) {
						host.getPipeline().removeValve(valve);
					}
				}
				if (host instanceof org.apache.catalina.core.StandardHost standardHost) {
					standardHost.setErrorReportValveClass(ProblemErrorReportValve.class.getName());
				}
				ProblemErrorReportValve valve = new ProblemErrorReportValve();
				valve.setShowReport(false);
				valve.setShowServerInfo(false);
				host.getPipeline().addValve(valve);
			});
		}

		@Override
		public int getOrder() {
			// after Spring Boot's customizer, whose valve it replaces
			return Ordered.LOWEST_PRECEDENCE;
		}

	}

}
