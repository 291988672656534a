package dev.kiln.e2e;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.RequestMappingInfoHandlerMapping;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Deny by default: every endpoint Kiln maps (its own, the actuator's and the API
 * documents'), found by asking the running application rather than listed by hand,
 * refuses a request without an API key, except the health probes, the API documents and
 * the dashboard's static page and recipes (the page asks for a key itself).
 */
class DenyByDefaultIT extends KilnServerIT {

	/** What anyone may read without a key. */
	private static final Pattern PUBLIC = Pattern
		.compile("/actuator/health(/.*)?|/v3/api-docs(/.*|\\.yaml)?|/swagger-ui(\\.html|/.*)|/recipes/index\\.json");

	private static final Pattern VARIABLE = Pattern.compile("\\{\\*?[^}]+}");

	private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	@Autowired
	ApplicationContext context;

	record Endpoint(String method, String path) implements Comparable<Endpoint> {

		@Override
		public int compareTo(Endpoint other) {
			return (this.path + " " + this.method).compareTo(other.path + " " + other.method);
		}

		@Override
		public String toString() {
			return this.method + " " + this.path;
		}

	}

	/** Every method and path pattern of every handler mapping in the application. */
	private Set<Endpoint> mappedEndpoints() {
		Set<Endpoint> endpoints = new TreeSet<>();
		for (RequestMappingInfoHandlerMapping mapping : this.context
			.getBeansOfType(RequestMappingInfoHandlerMapping.class)
			.values()) {
			for (RequestMappingInfo info : mapping.getHandlerMethods().keySet()) {
				Set<RequestMethod> methods = info.getMethodsCondition().getMethods();
				List<String> names = methods.isEmpty() ? List.of("GET", "POST")
						: methods.stream().map(RequestMethod::name).toList();
				for (String pattern : info.getPatternValues()) {
					for (String method : names) {
						endpoints.add(new Endpoint(method, pattern));
					}
				}
			}
		}
		return endpoints;
	}

	@Test
	void everyMappedEndpointButHealthAndTheApiDocumentsRefusesARequestWithoutAKey() throws Exception {
		Set<Endpoint> endpoints = mappedEndpoints();
		List<String> refused = new ArrayList<>();
		List<String> open = new ArrayList<>();
		List<String> failures = new ArrayList<>();
		for (Endpoint endpoint : endpoints) {
			String path = VARIABLE.matcher(endpoint.path()).replaceAll(UUID.randomUUID().toString());
			HttpResponse<String> response = send(endpoint.method(), path, null);
			if (PUBLIC.matcher(endpoint.path()).matches()) {
				open.add(endpoint.toString());
				if (response.statusCode() == 401) {
					failures.add(endpoint + " is public but answered 401");
				}
				continue;
			}
			refused.add(endpoint.toString());
			String problem = checkRefusal(response, false);
			if (problem != null) {
				failures.add(endpoint + ": " + problem);
			}
		}
		System.out.printf("deny by default: %d endpoints refused without a key, %d public: %s%n", refused.size(),
				open.size(), open);
		assertThat(failures).isEmpty();
		// the jobs, datasets, checkpoints, inference, tenants and actuator endpoints at
		// least
		assertThat(refused).hasSizeGreaterThanOrEqualTo(20)
			.contains("POST /api/v1/jobs", "GET /api/v1/jobs/{id}", "POST /api/v1/datasets",
					"DELETE /api/v1/datasets/{id}", "GET /api/v1/checkpoints/{id}/download",
					"POST /api/v1/jobs/{id}/predict", "POST /api/v1/tenants", "GET /api/v1/me", "GET /actuator/info",
					"GET /actuator/prometheus", "GET /error");
		assertThat(open).contains("GET /actuator/health", "GET /v3/api-docs");
	}

	@Test
	void pathsNoEndpointMapsAreRefusedTooRatherThanNamedMissing() throws Exception {
		for (String path : List.of("/index.htm", "/dashboard", "/static/index.html", "/api/v1/nothing-here",
				"/api/v1/jobs/x/y/z", "/actuator/env")) {
			assertThat(checkRefusal(send("GET", path, null), false)).as(path).isNull();
		}
	}

	@Test
	void theDashboardPageAndItsFilesAreTheOnlyOtherPublicPaths() throws Exception {
		for (String path : List.of("/", "/index.html", "/assets/app.js", "/recipes/index.json",
				"/recipes/iris-mlp.json", "/favicon.ico")) {
			assertThat(send("GET", path, null).statusCode()).as(path).isEqualTo(200);
		}
		// the icon browsers ask for on every page is a real one
		HttpResponse<String> icon = send("GET", "/favicon.ico", null);
		assertThat(icon.headers().firstValue("Content-Type"))
			.hasValueSatisfying((type) -> assertThat(type).isIn("image/x-icon", "image/vnd.microsoft.icon"));
		assertThat(icon.body()).startsWith("\u0000\u0000\u0001\u0000");
		for (String path : List.of("/", "/assets/app.js", "/favicon.ico")) {
			assertThat(checkRefusal(send("POST", path, null), false)).as("POST " + path).isNull();
		}
	}

	@Test
	void anUnknownOrMalformedKeyIsRefusedEverywhereEvenWhereNoneIsNeeded() throws Exception {
		for (String authorization : List.of("Bearer kiln_" + "A".repeat(43), "Bearer not-a-key",
				"Basic YWRtaW46YWRtaW4=", "Bearer")) {
			for (String path : List.of("/api/v1/jobs", "/actuator/health")) {
				assertThat(checkRefusal(send("GET", path, authorization), true)).as(authorization + " on " + path)
					.isNull();
			}
		}
	}

	@Test
	void theAdminKeyWrittenAtFirstStartIsOnlyReadableByItsOwner() throws Exception {
		var permissions = java.nio.file.Files.getPosixFilePermissions(DATA_DIR.resolve("admin-api-key"));
		assertThat(permissions).containsExactlyInAnyOrder(java.nio.file.attribute.PosixFilePermission.OWNER_READ,
				java.nio.file.attribute.PosixFilePermission.OWNER_WRITE);
		assertThat(this.kiln.get("/api/v1/me").json().get("admin").asBoolean()).isTrue();
	}

	/** Null if the response is a proper 401, else what is wrong with it. */
	private static String checkRefusal(HttpResponse<String> response, boolean keySent) {
		if (response.statusCode() != 401) {
			return "answered " + response.statusCode() + " " + response.body();
		}
		String challenge = response.headers().firstValue("WWW-Authenticate").orElse("");
		if (!challenge.startsWith("Bearer realm=\"kiln\"")
				|| keySent != challenge.contains("error=\"invalid_token\"")) {
			return "challenge " + challenge;
		}
		if (!response.headers().firstValue("Content-Type").orElse("").startsWith("application/problem+json")) {
			return "content type " + response.headers().firstValue("Content-Type");
		}
		JsonNode problem = KilnClient.JSON.readTree(response.body());
		if (problem.get("status").asInt() != 401
				|| !"/problems/unauthenticated".equals(problem.get("type").asString())) {
			return "problem " + response.body();
		}
		return null;
	}

	private HttpResponse<String> send(String method, String path, String authorization) throws Exception {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + path))
			.timeout(Duration.ofSeconds(30))
			.method(method, HttpRequest.BodyPublishers.noBody());
		if (authorization != null) {
			request.header("Authorization", authorization);
		}
		return this.http.send(request.build(), HttpResponse.BodyHandlers.ofString());
	}

}
