package dev.kiln.node.internal;

import java.io.IOException;
import java.util.Locale;

import dev.kiln.node.NodeProperties;
import dev.kiln.node.NodeRole;
import dev.kiln.web.Problems;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * On a {@code worker} node, answers every {@code /api/**} request with a 503 problem
 * document: the node trains but serves no API, so a load balancer that sent it a request
 * should try an {@code api} or {@code all} node. It runs before authentication (the
 * answer is the same with or without a key, and reveals nothing but the role). Health
 * probes and the API documents are still served.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 100)
class WorkerNodeApiFilter extends OncePerRequestFilter {

	static final String API_PATHS = "/api/";

	private final boolean servesApi;

	private final JsonMapper json;

	WorkerNodeApiFilter(NodeProperties node, JsonMapper json) {
		this.servesApi = node.role().servesApi();
		this.json = json;
	}

	@Override
	protected boolean shouldNotFilter(HttpServletRequest request) {
		if (this.servesApi) {
			return true;
		}
		String path = request.getRequestURI().substring(request.getContextPath().length());
		return !path.startsWith(API_PATHS) && !path.equals("/api");
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		ProblemDetail problem = Problems.of(HttpStatus.SERVICE_UNAVAILABLE, "api-not-served", "API not served here",
				"This node runs with kiln.node.role=" + NodeRole.WORKER.name().toLowerCase(Locale.ROOT)
						+ ": it trains jobs but serves no API; send API requests to a node whose role is api or all");
		problem.setInstance(Problems.instance(request.getRequestURI()));
		response.setStatus(problem.getStatus());
		// the node will not serve the API later either: no Retry-After
		response.setHeader(HttpHeaders.CACHE_CONTROL, "no-store");
		response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
		this.json.writeValue(response.getOutputStream(), problem);
	}

}
