package dev.kiln.web.internal;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import dev.kiln.node.NodeProperties;
import dev.kiln.web.ApiKeyAuthenticator;
import dev.kiln.web.Caller;
import dev.kiln.web.InvalidField;
import dev.kiln.web.WebProperties;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.security.autoconfigure.SecurityAutoConfiguration;
import org.springframework.boot.security.autoconfigure.web.servlet.ServletWebSecurityAutoConfiguration;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.webmvc.test.autoconfigure.MockMvcBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.assertj.MvcTestResult;
import org.springframework.test.web.servlet.request.MockMvcRequestBuilders;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The web layer a {@code @WebMvcTest} slice of one of Kiln's controllers runs behind, as
 * the application wires it. The slice itself scans the controller, the problem advice
 * ({@link ProblemDetailsAdvice}), the {@link Caller} argument resolver and the servlet
 * filters (the JSON body limit among them); this adds what they need and what the slice
 * leaves out: the advice's 503 answer, strict JSON, the web properties and the API-key
 * security chain ({@link SecurityConfiguration} with its authentication filter). Only the
 * key lookup is a stand-in, since the tenants module reads keys from the database: it
 * knows one key, which every request of the slice's MockMvc sends, so controllers are
 * called with {@link #CALLER}.
 */
@TestConfiguration(proxyBeanMethods = false)
@Import({ DatabaseUnavailable.class, StrictJsonConfiguration.class, SecurityConfiguration.class })
@ImportAutoConfiguration({ SecurityAutoConfiguration.class, ServletWebSecurityAutoConfiguration.class })
@EnableConfigurationProperties({ WebProperties.class, NodeProperties.class })
public class ControllerSlice {

	/** The tenant and key every request of a slice is authenticated as. */
	public static final Caller CALLER = new Caller(UUID.fromString("7e1a0b52-3c4d-4e5f-8a6b-0c1d2e3f4a5b"),
			UUID.fromString("0b9c8d7e-6f5a-4b3c-9d2e-1f0a9b8c7d6e"), false);

	private static final String KEY = "slice-test-key";

	@Bean
	ApiKeyAuthenticator oneKey() {
		return (key) -> KEY.equals(key) ? Optional.of(CALLER) : Optional.empty();
	}

	@Bean
	MockMvcBuilderCustomizer sendTheKey() {
		return (builder) -> builder
			.defaultRequest(MockMvcRequestBuilders.get("/").header(HttpHeaders.AUTHORIZATION, "Bearer " + KEY));
	}

	/**
	 * Asserts that the answer is exactly this problem document, as clients read it:
	 * status, {@code application/problem+json}, and a body with these members and no
	 * others ({@code instance} is the request's path).
	 * @param type the slug of the problem's {@code type} ({@code /problems/<slug>})
	 * @param errors the fields at fault, in order; none for a problem without
	 * {@code errors}
	 */
	public static void assertProblem(MvcTestResult result, HttpStatus status, String type, String title, String detail,
			InvalidField... errors) {
		Map<String, Object> expected = new LinkedHashMap<>();
		expected.put("type", "/problems/" + type);
		expected.put("title", title);
		expected.put("status", status.value());
		expected.put("detail", detail);
		expected.put("instance", result.getRequest().getRequestURI());
		if (errors.length > 0) {
			expected.put("errors", List.of(errors));
		}
		assertThat(result).hasStatus(status)
			.hasContentType(MediaType.APPLICATION_PROBLEM_JSON)
			.bodyJson()
			.isStrictlyEqualTo(JsonMapper.shared().writeValueAsString(expected));
	}

	/** Asserts a 400 {@code invalid-request} problem naming one field. */
	public static void assertInvalid(MvcTestResult result, String path, String reason) {
		assertInvalid(result, List.of(new InvalidField(path, reason)));
	}

	/**
	 * Asserts a 400 {@code invalid-request} problem naming these fields, in order, its
	 * detail each {@code path: reason} joined by {@code "; "}.
	 */
	public static void assertInvalid(MvcTestResult result, List<InvalidField> errors) {
		String detail = String.join("; ",
				errors.stream().map((error) -> error.path() + ": " + error.reason()).toList());
		assertProblem(result, HttpStatus.BAD_REQUEST, "invalid-request", "Invalid request", detail,
				errors.toArray(InvalidField[]::new));
	}

	/**
	 * Asserts Spring MVC's 415 problem, with Kiln's {@code type} and detail.
	 * @param contentType the Content-Type the request was sent with, or null for none
	 * @param takes what the endpoint takes, as the detail names it
	 */
	public static void assertUnsupportedMediaType(MvcTestResult result, String contentType, String takes) {
		String sent = (contentType != null) ? "Content-Type '" + contentType + "' is not supported"
				: "The request has no Content-Type";
		assertProblem(result, HttpStatus.UNSUPPORTED_MEDIA_TYPE, "unsupported-media-type", "Unsupported Media Type",
				sent + "; this endpoint takes " + takes);
	}

}
