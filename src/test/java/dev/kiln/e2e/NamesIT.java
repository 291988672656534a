package dev.kiln.e2e;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every name a user supplies is held to one standard ({@code dev.kiln.web.Names}) over
 * HTTP: a name that breaks it is refused with a 400 naming the field and the reason
 * before anything is stored (so how H2 or PostgreSQL would have kept a lone surrogate no
 * longer matters), and names of any script are accepted and kept in NFC.
 */
class NamesIT extends KilnServerIT {

	@Autowired
	JdbcTemplate jdbc;

	private static final String SPEC = """
			{"name": "%s", "dataset": "%s", "model": {"input": [4], "layers": [
			  {"type": "dense", "units": 4}, {"type": "output", "units": 3}]}, "training": {"epochs": 1}}""";

	/** Names as JSON text (with JSON's escapes), and the reason each is refused for. */
	static Stream<Arguments> namesThatBreakTheStandard() {
		return Stream.of(Arguments.of("a\\ud800b", "is not well-formed Unicode: a lone surrogate U+D800 at position 2"),
				Arguments.of("\\u202eexe.txt",
						"contains the invisible format character U+202E RIGHT-TO-LEFT OVERRIDE at position 1"),
				Arguments.of("two\\nlines", "contains the control character U+000A LINE FEED (LF) at position 4"),
				Arguments.of("nul\\u0000", "contains the control character U+0000 NULL at position 4"),
				Arguments.of("ad\\u200dmin",
						"contains the invisible format character U+200D ZERO WIDTH JOINER at position 3"),
				Arguments.of("\\u2067isolated", "contains the invisible format character U+2067"));
	}

	@ParameterizedTest(name = "job name {0}")
	@MethodSource("namesThatBreakTheStandard")
	void aJobNameThatBreaksTheStandardIsRefusedNamingTheFieldAndTheReason(String name, String reason) {
		long before = jobCount();

		KilnClient.Response response = this.kiln.post("/api/v1/jobs", SPEC.formatted(name, "iris"));

		assertRefused(response, "$.name", reason);
		assertThat(jobCount()).isEqualTo(before);
	}

	@ParameterizedTest(name = "tenant name {0}")
	@MethodSource("namesThatBreakTheStandard")
	void aTenantNameThatBreaksTheStandardIsRefusedNamingTheFieldAndTheReason(String name, String reason) {
		long before = this.kiln.get("/api/v1/tenants").json().get("totalItems").asLong();

		KilnClient.Response response = this.kiln.post("/api/v1/tenants", "{\"name\": \"" + name + "\"}");

		assertRefused(response, "$.name", reason);
		assertThat(this.kiln.get("/api/v1/tenants").json().get("totalItems").asLong()).isEqualTo(before);
	}

	@ParameterizedTest(name = "key name {0}")
	@MethodSource("namesThatBreakTheStandard")
	void anApiKeyNameThatBreaksTheStandardIsRefusedNamingTheFieldAndTheReason(String name, String reason) {
		String keys = "/api/v1/tenants/" + this.kiln.get("/api/v1/me").json().get("tenantId").asString() + "/keys";
		int before = this.kiln.get(keys).json().size();

		KilnClient.Response response = this.kiln.post(keys, "{\"name\": \"" + name + "\"}");

		assertRefused(response, "$.name", reason);
		assertThat(this.kiln.get(keys).json().size()).isEqualTo(before);
	}

	@Test
	void aDatasetReferenceThatBreaksTheStandardIsRefusedWithoutBeingEchoed() {
		KilnClient.Response response = this.kiln.post("/api/v1/jobs?dryRun=true", SPEC.formatted("run", "iris\\u202e"));

		assertRefused(response, "$.dataset", "U+202E RIGHT-TO-LEFT OVERRIDE at position 5");
		assertThat(response.text()).doesNotContain("\u202e");
	}

	/**
	 * A refused value a problem document echoes shows its hidden characters and lone
	 * surrogates as code points: the answer stays valid for strict JSON parsers (a lone
	 * surrogate would otherwise be written as a JSON escape of U+D800, which they refuse)
	 * and reads in order.
	 */
	@Test
	void anEchoedValueShowsItsHiddenCharactersAsCodePoints() {
		String spec = SPEC.formatted("run", "iris")
			.replace("\"model\"", "\"normalization\": \"none\\ud800\\u202e\", \"model\"");

		KilnClient.Response response = this.kiln.post("/api/v1/jobs?dryRun=true", spec);

		assertRefused(response, "$.normalization", "none<U+D800><U+202E>");
		assertThat(response.text()).doesNotContainIgnoringCase("\\ud800").doesNotContain("\u202e");
	}

	@Test
	void aDatasetNameThatBreaksTheStandardIsRefusedAtUpload() {
		KilnClient.Response response = uploadCsv("data\u2028set", "x,label\n1,a\n2,b\n");

		assertRefused(response, "name", "contains the line break U+2028 LINE SEPARATOR at position 5");
	}

	@Test
	void aJobNameIsStoredInNfc() {
		String id = this.kiln.submit(SPEC.formatted("cafe\\u0301 au lait", "iris"));

		assertThat(this.kiln.get("/api/v1/jobs/" + id).json().get("name").asString()).isEqualTo("caf\u00e9 au lait");
		assertThat(this.kiln.get("/api/v1/jobs?size=100").json().get("items"))
			.anySatisfy((job) -> assertThat(job.get("name").asString()).isEqualTo("caf\u00e9 au lait"));
	}

	@Test
	void tenantNamesAreLettersOfAnyScriptComparedInNfc() {
		String decomposed = "donne\u0301es-e\u0301-" + suffix();
		KilnClient.Response created = this.kiln.post("/api/v1/tenants",
				"{\"name\": \"" + decomposed.replace("\u0301", "\\u0301") + "\"}");
		assertThat(created.status()).as(created.toString()).isEqualTo(201);
		String composed = decomposed.replace("e\u0301", "\u00e9");
		assertThat(created.json().get("name").asString()).isEqualTo(composed);

		// the same name, its accents encoded the other way
		KilnClient.Response again = this.kiln.post("/api/v1/tenants", "{\"name\": \"" + composed + "\"}");
		assertThat(again.status()).as(again.toString()).isEqualTo(409);
		assertThat(again.json().get("type").asString()).isEqualTo("/problems/tenant-name-taken");

		KilnClient.Response spaced = this.kiln.post("/api/v1/tenants", "{\"name\": \"donn\u00e9es \u00e9\"}");
		assertRefused(spaced, "$.name", "' ' (U+0020 SPACE) at position 8 is not");
	}

	/**
	 * Limits count characters: 100 characters beyond the Basic Multilingual Plane (200
	 * UTF-16 units, as H2 counts them) make a tenant name.
	 */
	@Test
	void aNameLimitCountsCharactersNotUtf16Units() {
		String script = "\ud801\udc00".repeat(99 - 8);
		KilnClient.Response created = this.kiln.post("/api/v1/tenants",
				"{\"name\": \"" + script + "-" + suffix() + "\"}");
		assertThat(created.status()).as(created.toString()).isEqualTo(201);
		assertThat(
				created.json().get("name").asString().codePointCount(0, created.json().get("name").asString().length()))
			.isEqualTo(100);
		String id = created.json().get("id").asString();
		KilnClient.Response key = this.kiln.post("/api/v1/tenants/" + id + "/keys",
				"{\"name\": \"" + "\ud83d\udd25".repeat(100) + "\"}");
		assertThat(key.status()).as(key.toString()).isEqualTo(201);

		KilnClient.Response tooLong = this.kiln.post("/api/v1/tenants",
				"{\"name\": \"" + "\ud801\udc00".repeat(101) + "\"}");
		assertRefused(tooLong, "$.name", "must be at most 100 characters; got 101");
	}

	@Test
	void aDatasetNameOfAnyScriptIsAcceptedListedInNfcAndFoundByEitherForm() {
		String decomposed = "donne\u0301es-e\u0301";
		String composed = "donn\u00e9es-\u00e9";

		KilnClient.Response created = uploadCsv(decomposed, "x,label\n1,a\n2,b\n3," + suffix() + "\n");

		assertThat(created.status()).as(created.toString()).isEqualTo(201);
		assertThat(created.json().get("name").asString()).isEqualTo(composed);
		assertThat(this.kiln.get("/api/v1/datasets?size=100").json().get("items"))
			.anySatisfy((dataset) -> assertThat(dataset.get("name").asString()).isEqualTo(composed));
		String spec = """
				{"dataset": "%s", "model": {"input": [1], "layers": [{"type": "output", "units": 3}]}}""";
		for (String reference : new String[] { composed, "donne\\u0301es-e\\u0301" }) {
			KilnClient.Response dryRun = this.kiln.post("/api/v1/jobs?dryRun=true", spec.formatted(reference));
			assertThat(dryRun.status()).as(dryRun.toString()).isEqualTo(200);
		}
	}

	/**
	 * Only new input is held to the standard: names stored before it (here written
	 * straight to the database) are still read, listed, used and deleted.
	 */
	@Test
	void namesStoredBeforeTheStandardKeepWorking() {
		String legacy = "legacy name\n\u202e" + suffix();
		KilnClient.Response dataset = uploadCsv("legacy-" + suffix(), "x,label\n1,a\n2,b\n5," + suffix() + "\n");
		String datasetId = dataset.json().get("id").asString();
		this.jdbc.update("update dataset set name = ?, active_name = ?, class_names = ? where id = ?", legacy, legacy,
				"[\"a\\nb\", \"c\\u200d\", \"d\"]", UUID.fromString(datasetId));
		KilnClient.Response read = this.kiln.get("/api/v1/datasets/" + datasetId);
		assertThat(read.json().get("name").asString()).isEqualTo(legacy);
		assertThat(read.json().get("classNames").get(0).asString()).isEqualTo("a\nb");
		assertThat(this.kiln.get("/api/v1/datasets?size=100").json().get("items").findValuesAsString("name"))
			.contains(legacy);
		String spec = "{\"dataset\": \"" + datasetId
				+ "\", \"model\": {\"input\": [1], \"layers\": [{\"type\": \"output\", \"units\": 3}]}}";
		assertThat(this.kiln.post("/api/v1/jobs?dryRun=true", spec).status()).isEqualTo(200);
		assertThat(this.kiln.delete("/api/v1/datasets/" + datasetId).status()).isEqualTo(204);

		String tenantId = this.kiln.post("/api/v1/tenants", "{\"name\": \"legacy-" + suffix() + "\"}")
			.json()
			.get("id")
			.asString();
		this.jdbc.update("update tenant set name = ? where id = ?", legacy, UUID.fromString(tenantId));
		assertThat(this.kiln.get("/api/v1/tenants/" + tenantId).json().get("name").asString()).isEqualTo(legacy);
		assertThat(this.kiln.post("/api/v1/tenants/" + tenantId + "/keys", "{\"name\": \"k\"}").status())
			.isEqualTo(201);

		String jobId = this.kiln.submit(SPEC.formatted("legacy", "iris"));
		this.jdbc.update("update job set name = ? where id = ?", legacy, UUID.fromString(jobId));
		assertThat(this.kiln.get("/api/v1/jobs/" + jobId).json().get("name").asString()).isEqualTo(legacy);
		assertThat(this.kiln.get("/api/v1/jobs?size=100").json().get("items").findValuesAsString("name"))
			.contains(legacy);
	}

	private KilnClient.Response uploadCsv(String name, String csv) {
		return this.kiln.upload("/api/v1/datasets", Map.of("name", name, "labelColumn", "label"),
				Map.of("file", csv.getBytes(StandardCharsets.UTF_8)));
	}

	/** A 400 problem document, valid UTF-8 JSON, with the reason under the field. */
	private static void assertRefused(KilnClient.Response response, String path, String reason) {
		assertThat(response.status()).as(response.toString()).isEqualTo(400);
		assertThat(response.header("Content-Type")).startsWith("application/problem+json");
		assertThat(isUtf8(response.body())).as("valid UTF-8: %s", response).isTrue();
		JsonNode problem = response.json();
		assertThat(problem.get("type").asString()).isEqualTo("/problems/invalid-request");
		assertThat(problem.get("errors")).as(problem.toString()).anySatisfy((error) -> {
			assertThat(error.get("path").asString()).isEqualTo(path);
			assertThat(error.get("reason").asString()).contains(reason);
		});
	}

	private static boolean isUtf8(byte[] bytes) {
		try {
			StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(bytes));
			return true;
		}
		catch (CharacterCodingException ex) {
			return false;
		}
	}

	private long jobCount() {
		return this.kiln.get("/api/v1/jobs?size=1").json().get("totalItems").asLong();
	}

	private static String suffix() {
		return UUID.randomUUID().toString().substring(0, 8);
	}

}
