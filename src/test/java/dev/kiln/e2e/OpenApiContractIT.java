package dev.kiln.e2e;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * The published contract, {@code openapi/kiln.yaml}, is the document the running Kiln
 * serves, and that document describes every operation fully. With
 * {@code -Dkiln.openapi.write=true} the test rewrites the file from the running service
 * instead (see docs/api.md, "The API contract").
 */
class OpenApiContractIT extends KilnServerIT {

	static final Path CONTRACT = Path.of("openapi", "kiln.yaml");

	static final String REGENERATE = "./mvnw -B verify -Dtest=none -Dsurefire.failIfNoSpecifiedTests=false "
			+ "-Dit.test=OpenApiContractIT -Dkiln.openapi.write=true";

	/** springdoc's fallback when two handler methods share a name: list_1, get_2. */
	private static final Pattern NUMBERED_OPERATION_ID = Pattern.compile(".*_\\d+");

	private static final List<String> METHODS = List.of("get", "put", "post", "delete", "options", "head", "patch",
			"trace");

	@Test
	void theServedDocumentIsThePublishedContract() throws IOException {
		KilnClient.Response served = this.kiln.withKey(null).get("/v3/api-docs.yaml");
		assertThat(served.status()).as("the API document is public").isEqualTo(200);
		if (Boolean.getBoolean("kiln.openapi.write")) {
			Files.createDirectories(CONTRACT.getParent());
			Files.write(CONTRACT, served.body());
			System.out.println("Wrote the served API document to " + CONTRACT.toAbsolutePath());
			return;
		}
		if (!Files.isRegularFile(CONTRACT)) {
			fail(CONTRACT + " is missing; write it from the running service with:%n  %s", REGENERATE);
		}
		Object published = parse(Files.readString(CONTRACT, StandardCharsets.UTF_8));
		Object actual = parse(served.text());
		List<String> differences = new ArrayList<>();
		compare("", published, actual, differences);
		if (!differences.isEmpty()) {
			int shown = Math.min(differences.size(), 40);
			fail("The API Kiln serves differs from the published contract %s in %d place(s)%s:%n  %s%n"
					+ "If the change is meant, regenerate the contract, review its diff and commit it:%n  %s", CONTRACT,
					differences.size(), (shown < differences.size()) ? " (the first " + shown + " shown)" : "",
					String.join(System.lineSeparator() + "  ", differences.subList(0, shown)), REGENERATE);
		}
	}

	@Test
	void theDocumentIsOpenApi31WithTheBearerSchemeRequiredEverywhere() {
		Map<String, Object> document = map(parse(this.kiln.withKey(null).get("/v3/api-docs").text()));
		assertThat(document.get("openapi")).asString().startsWith("3.1.");
		assertThat(document.get("servers")).as("a fixed server, not the address the document was fetched from")
			.isEqualTo(List.of(Map.of("url", "/", "description", "The Kiln that serves this document")));
		Map<String, Object> scheme = map(map(map(document.get("components")).get("securitySchemes")).get("apiKey"));
		assertThat(scheme).containsEntry("type", "http").containsEntry("scheme", "bearer");
		assertThat(document.get("security")).isEqualTo(List.of(Map.of("apiKey", List.of())));
	}

	@Test
	void everyOperationHasANameASummaryAndItsErrorsAsProblemDocuments() {
		Map<String, Object> document = map(parse(this.kiln.get("/v3/api-docs").text()));
		Map<String, Object> schemas = map(map(document.get("components")).get("schemas"));
		assertThat(map(map(schemas.get("ProblemDetail")).get("properties"))).containsKeys("type", "title", "status",
				"detail", "instance", "errors", "existingId", "existingName");
		List<String> faults = new ArrayList<>();
		TreeSet<String> operationIds = new TreeSet<>();
		int operations = 0;
		for (Map.Entry<String, Object> path : map(document.get("paths")).entrySet()) {
			for (Map.Entry<String, Object> method : map(path.getValue()).entrySet()) {
				if (!METHODS.contains(method.getKey())) {
					continue;
				}
				operations++;
				String name = method.getKey().toUpperCase() + " " + path.getKey();
				Map<String, Object> operation = map(method.getValue());
				String operationId = (String) operation.get("operationId");
				if (operationId == null || NUMBERED_OPERATION_ID.matcher(operationId).matches()
						|| !operationIds.add(operationId)) {
					faults.add(name + ": give it an operationId of its own in @Operation (has " + operationId + ")");
				}
				if (operation.get("summary") == null) {
					faults.add(name + ": no summary");
				}
				if (operation.get("tags") == null) {
					faults.add(name + ": no tag");
				}
				Map<String, Object> responses = map(operation.get("responses"));
				if (!responses.containsKey("401")) {
					faults.add(name + ": no 401");
				}
				responses.forEach((code, response) -> {
					Map<String, Object> content = map(map(response).get("content"));
					if ((code.startsWith("4") || code.startsWith("5")) && !Objects.equals(
							map(map(content.get("application/problem+json")).get("schema")).get("$ref"),
							"#/components/schemas/ProblemDetail")) {
						faults.add(name + ": " + code + " is not a ProblemDetail problem document: " + content);
					}
				});
			}
		}
		assertThat(operations).isGreaterThanOrEqualTo(21);
		assertThat(faults).isEmpty();
	}

	private static Object parse(String yaml) {
		return new Yaml(new SafeConstructor(new LoaderOptions())).load(yaml);
	}

	@SuppressWarnings("unchecked")
	private static Map<String, Object> map(Object node) {
		return (node != null) ? (Map<String, Object>) node : Map.of();
	}

	/**
	 * Every place where the two trees differ, by its JSON pointer: members only in one,
	 * lists of different lengths, values that differ.
	 */
	private static void compare(String pointer, Object published, Object served, List<String> differences) {
		if (published instanceof Map<?, ?> expected && served instanceof Map<?, ?> actual) {
			TreeSet<String> keys = new TreeSet<>();
			expected.keySet().forEach((key) -> keys.add(String.valueOf(key)));
			actual.keySet().forEach((key) -> keys.add(String.valueOf(key)));
			for (String key : keys) {
				String child = pointer + "/" + key.replace("~", "~0").replace("/", "~1");
				if (!expected.containsKey(key)) {
					differences.add(child + ": served, not published");
				}
				else if (!actual.containsKey(key)) {
					differences.add(child + ": published, no longer served");
				}
				else {
					compare(child, expected.get(key), actual.get(key), differences);
				}
			}
		}
		else if (published instanceof List<?> expected && served instanceof List<?> actual) {
			for (int i = 0; i < Math.min(expected.size(), actual.size()); i++) {
				compare(pointer + "/" + i, expected.get(i), actual.get(i), differences);
			}
			if (expected.size() != actual.size()) {
				differences.add(pointer + ": " + expected.size() + " published item(s), " + actual.size() + " served");
			}
		}
		else if (!Objects.equals(published, served)) {
			differences.add(pointer + ": published " + abbreviate(published) + ", served " + abbreviate(served));
		}
	}

	private static String abbreviate(Object value) {
		String text = String.valueOf(value);
		return (text.length() > 120) ? text.substring(0, 117) + "..." : text;
	}

}
