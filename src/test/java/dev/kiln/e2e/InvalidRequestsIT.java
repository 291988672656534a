package dev.kiln.e2e;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Bad requests get a 400 (or the fitting 4xx) RFC 9457 problem document naming each bad
 * field, and nothing is queued.
 */
class InvalidRequestsIT extends KilnServerIT {

	private static final String MLP = """
			{"dataset": "iris", "model": {"input": [4], "layers": [
			  {"type": "dense", "units": 8, "activation": "relu"},
			  {"type": "output", "units": 3}]}%s}""";

	static Stream<Arguments> invalidSpecs() {
		return Stream.of(Arguments
			.of("unknown layer type", MLP.replace("\"dense\"", "\"densee\"").formatted(""), "$.model.layers[0].type"),
				Arguments.of("negative learning rate",
						MLP.formatted(", \"training\": {\"optimizer\": {\"type\": \"adam\", \"learningRate\": -0.1}}"),
						"$.training.optimizer.learningRate"),
				Arguments.of("kernel larger than its input", """
						{"dataset": "digits8x8", "model": {"input": [8, 8, 1], "layers": [
						  {"type": "conv2d", "filters": 4, "kernel": 9},
						  {"type": "output", "units": 10}]}}""", "$.model.layers[0].kernel"),
				Arguments.of("output size different from the number of classes",
						MLP.replace("\"units\": 3", "\"units\": 4").formatted(""), "$.model.layers[1].units"),
				Arguments.of("no layers", "{\"dataset\": \"iris\", \"model\": {\"input\": [4], \"layers\": []}}",
						"$.model.layers"),
				Arguments.of("unknown dataset", MLP.replace("\"iris\"", "\"nope\"").formatted(""), "$.dataset"),
				Arguments.of("input that does not fit the dataset", MLP.replace("[4]", "[5]").formatted(""),
						"$.model.input"),
				Arguments.of("unknown activation", MLP.replace("\"relu\"", "\"relux\"").formatted(""),
						"$.model.layers[0].activation"),
				Arguments.of("zero epochs", MLP.formatted(", \"training\": {\"epochs\": 0}"), "$.training.epochs"),
				Arguments.of("negative batch size", MLP.formatted(", \"training\": {\"batchSize\": -5}"),
						"$.training.batchSize"),
				Arguments.of("negative units", MLP.replace("\"units\": 8", "\"units\": -8").formatted(""),
						"$.model.layers[0].units"),
				Arguments.of("unknown field", MLP.formatted(", \"trainingg\": {}"), "$.trainingg"),
				Arguments.of("a string where a number belongs",
						MLP.replace("\"units\": 8", "\"units\": \"eight\"").formatted(""), "$.model.layers[0].units"),
				Arguments.of("unknown optimizer",
						MLP.formatted(", \"training\": {\"optimizer\": {\"type\": \"adamw\"}}"),
						"$.training.optimizer.type"),
				Arguments.of("a fraction where an integer belongs",
						MLP.replace("\"units\": 8", "\"units\": 8.5").formatted(""), "$.model.layers[0].units"),
				Arguments.of("a name too long to keep", MLP.formatted(", \"name\": \"" + "x".repeat(201) + "\""),
						"$.name"),
				Arguments.of("malformed JSON", "{\"dataset\": \"iris\", ", "$"),
				// JSON values are taken as they are typed, never converted from text
				Arguments.of("epochs as text", MLP.formatted(", \"training\": {\"epochs\": \"12\"}"),
						"$.training.epochs"),
				Arguments.of("epochs as an empty string", MLP.formatted(", \"training\": {\"epochs\": \"\"}"),
						"$.training.epochs"),
				Arguments.of("a learning rate as text",
						MLP.formatted(
								", \"training\": {\"optimizer\": {\"type\": \"adam\", \"learningRate\": \"0.01\"}}"),
						"$.training.optimizer.learningRate"),
				Arguments.of("units as text", MLP.replace("\"units\": 8", "\"units\": \"8\"").formatted(""),
						"$.model.layers[0].units"),
				Arguments.of("an input size as text", MLP.replace("[4]", "[\"4\"]").formatted(""), "$.model.input[0]"),
				Arguments.of("a split fraction as text", MLP.formatted(", \"split\": {\"validation\": \"0.2\"}"),
						"$.split.validation"));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("invalidSpecs")
	void anInvalidSpecIsRefusedNamingTheField(String what, String spec, String path) {
		long before = jobCount();
		KilnClient.Response response = this.kiln.post("/api/v1/jobs", spec);

		assertThat(response.status()).as(response.toString()).isEqualTo(400);
		assertThat(response.header("Content-Type")).startsWith("application/problem+json");
		JsonNode problem = response.json();
		assertThat(problem.get("type").asString()).isEqualTo("/problems/invalid-request");
		assertThat(problem.get("status").asInt()).isEqualTo(400);
		assertThat(problem.get("errors")).as(problem.toString())
			.extracting((e) -> e.get("path").asString())
			.contains(path);
		assertThat(jobCount()).isEqualTo(before);
	}

	@Test
	void everyViolationOfASpecIsReportedAtOnce() {
		String spec = """
				{"dataset": "iris", "model": {"input": [4], "layers": [
				  {"type": "dense", "units": 0, "activation": "sigmoidd"},
				  {"type": "output", "units": 3}]},
				 "training": {"epochs": -1, "optimizer": {"type": "sgd", "learningRate": 0}}}""";
		JsonNode problem = this.kiln.post("/api/v1/jobs?dryRun=true", spec).json();
		assertThat(problem.get("errors")).extracting((e) -> e.get("path").asString())
			.contains("$.model.layers[0].units", "$.model.layers[0].activation", "$.training.epochs",
					"$.training.optimizer.learningRate");
	}

	@Test
	void anUnknownJobIsA404ProblemDocument() {
		KilnClient.Response response = this.kiln.get("/api/v1/jobs/00000000-0000-0000-0000-000000000000");
		assertThat(response.status()).isEqualTo(404);
		assertThat(response.header("Content-Type")).startsWith("application/problem+json");
		assertThat(response.json().get("detail").asString()).contains("00000000-0000-0000-0000-000000000000");
		assertThat(this.kiln
			.post("/api/v1/jobs/00000000-0000-0000-0000-000000000000/predict", "{\"instances\": [[1, 2, 3, 4]]}")
			.status()).isEqualTo(404);
	}

	@Test
	void anIdThatIsNotAUuidIsRefusedNamingTheParameter() {
		KilnClient.Response response = this.kiln.get("/api/v1/jobs/not-a-uuid");
		assertThat(response.status()).isEqualTo(400);
		assertThat(response.json().get("errors").get(0).get("path").asString()).isEqualTo("id");
	}

	@Test
	void unknownPathsAndTheErrorPathAnswerWithProblemDocuments() {
		for (String path : new String[] { "/api/v1/nothing-here", "/error", "/nothing.png", "/assets/nothing.js" }) {
			KilnClient.Response response = this.kiln.get(path);
			assertThat(response.status()).as(path).isEqualTo(404);
			assertThat(response.header("Content-Type")).as(path).startsWith("application/problem+json");
			JsonNode problem = response.json();
			assertThat(problem.get("type").asString()).isEqualTo("/problems/not-found");
			assertThat(problem.get("title").asString()).isEqualTo("Not found");
			assertThat(problem.get("detail").asString()).as(path).isEqualTo("No resource at " + path);
			assertThat(problem.get("instance").asString()).isEqualTo(path);
			assertThat(response.text()).doesNotContain("Whitelabel", "Exception", "static resource");
		}
	}

	@Test
	void aBooleanIsNotReadFromTextOrANumber() {
		String tenant = this.kiln.get("/api/v1/me").json().get("tenantId").asString();
		for (String admin : List.of("\"true\"", "1", "0", "\"\"")) {
			KilnClient.Response response = this.kiln.post("/api/v1/tenants/" + tenant + "/keys",
					"{\"name\": \"strict\", \"admin\": " + admin + "}");
			assertThat(response.status()).as(admin + ": " + response).isEqualTo(400);
			assertThat(response.json().get("errors").get(0).get("path").asString()).isEqualTo("$.admin");
		}
	}

	@Test
	void aJobOnADeletedDatasetIsRefusedWith409DatasetDeleted() {
		String csv = "a,y\n" + System.nanoTime() + ",left\n1,right\n2,left\n3,right\n";
		KilnClient.Response upload = this.kiln.upload("/api/v1/datasets",
				java.util.Map.of("name", "deleted-" + System.nanoTime(), "labelColumn", "y"),
				java.util.Map.of("file", csv.getBytes(StandardCharsets.UTF_8)));
		assertThat(upload.status()).as(upload.toString()).isEqualTo(201);
		String id = upload.json().get("id").asString();
		assertThat(this.kiln.delete("/api/v1/datasets/" + id).status()).isEqualTo(204);
		String spec = """
				{"dataset": "%s", "model": {"input": [1], "layers": [{"type": "output", "units": 2}]}}""".formatted(id);
		long before = jobCount();

		for (String path : List.of("/api/v1/jobs", "/api/v1/jobs?dryRun=true")) {
			KilnClient.Response response = this.kiln.post(path, spec);
			assertThat(response.status()).as(path + ": " + response).isEqualTo(409);
			JsonNode problem = response.json();
			assertThat(problem.get("type").asString()).isEqualTo("/problems/dataset-deleted");
			assertThat(problem.get("detail").asString()).contains(id, "was deleted");
		}
		assertThat(jobCount()).isEqualTo(before);
	}

	@Test
	void tenThousandFormFieldsAreRefusedForTheirNumberNotTheirSize() {
		StringBuilder form = new StringBuilder();
		for (int i = 0; i < 10_000; i++) {
			form.append("--b\r\nContent-Disposition: form-data; name=\"f").append(i).append("\"\r\n\r\nv\r\n");
		}
		form.append("--b--\r\n");
		KilnClient.Response response = this.kiln.post("/api/v1/datasets", "multipart/form-data; boundary=b",
				form.toString().getBytes(StandardCharsets.US_ASCII));

		assertThat(response.status()).as(response.toString()).isEqualTo(413);
		JsonNode problem = response.json();
		assertThat(problem.get("type").asString()).isEqualTo("/problems/too-many-parts");
		assertThat(problem.get("detail").asString()).contains("more than 50 parts").doesNotContain("size limit");
	}

	/**
	 * Requests Tomcat refuses before any servlet runs (an encoded NUL or slash, a
	 * character that may not stand in a path, headers over the limit) answer problem
	 * documents with the members every other one has, their instance the path as sent.
	 */
	@Test
	void refusalsOfTheServletContainerHaveTheFieldsOfEveryProblem() throws IOException {
		java.util.Set<String> fields = names(this.kiln.get("/api/v1/jobs/" + java.util.UUID.randomUUID()).json());
		assertThat(fields).containsExactlyInAnyOrder("type", "title", "status", "detail", "instance");
		java.util.Map<String, String> targets = new java.util.LinkedHashMap<>();
		targets.put("/a%00b", "/a%00b");
		targets.put("/api/v1/jobs/%2e%2e%2fx", "/api/v1/jobs/%2e%2e%2fx");
		targets.put("/a%5cb", "/a%5cb");
		// a target Tomcat cannot read: the empty reference, which refers to the request
		targets.put("/a{b}", "");
		for (var target : targets.entrySet()) {
			String answer = rawGet(target.getKey(), "");
			assertThat(answer).as(target.getKey()).startsWith("HTTP/1.1 400");
			JsonNode problem = body(answer);
			assertThat(names(problem)).as(target.getKey() + ": " + problem).isEqualTo(fields);
			assertThat(problem.get("instance").asString()).as(target.getKey()).isEqualTo(target.getValue());
			assertThat(problem.get("type").asString()).isEqualTo("/problems/bad-request");
		}
		String tooLarge = rawGet("/api/v1/jobs", "X-Big: " + "a".repeat(20_000) + "\r\n");
		JsonNode problem = body(tooLarge);
		assertThat(names(problem)).as(problem.toString()).isEqualTo(fields);
		assertThat(problem.get("instance").asString()).isEqualTo("/api/v1/jobs");
	}

	private static java.util.Set<String> names(JsonNode problem) {
		java.util.Set<String> names = new java.util.TreeSet<>(problem.propertyNames());
		problem.properties().forEach((member) -> assertThat(member.getValue().isNull()).as(member.getKey()).isFalse());
		return names;
	}

	/** The JSON body of a raw HTTP/1.1 answer, sent whole or in chunks. */
	private static JsonNode body(String answer) {
		int end = answer.indexOf("\r\n\r\n");
		String head = answer.substring(0, end).toLowerCase(java.util.Locale.ROOT);
		String body = answer.substring(end + 4);
		if (head.contains("transfer-encoding: chunked")) {
			StringBuilder whole = new StringBuilder();
			int at = 0;
			int size;
			while ((size = Integer.parseInt(body.substring(at, body.indexOf("\r\n", at)).trim(), 16)) > 0) {
				int start = body.indexOf("\r\n", at) + 2;
				whole.append(body, start, start + size);
				at = start + size + 2;
			}
			body = whole.toString();
		}
		return KilnClient.JSON.readTree(body);
	}

	/** A GET sent as written, for targets an HTTP client would refuse to send. */
	private String rawGet(String target, String headers) throws IOException {
		try (Socket socket = new Socket("127.0.0.1", this.port)) {
			socket.setSoTimeout(30_000);
			String request = "GET " + target + " HTTP/1.1\r\nHost: localhost\r\n" + headers
					+ "Connection: close\r\n\r\n";
			socket.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
			socket.getOutputStream().flush();
			return new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		}
	}

	@Test
	void aWrongContentTypeIsRefusedWithAProblemDocument() {
		KilnClient.Response response = this.kiln.post("/api/v1/jobs", "text/plain", "hello".getBytes());
		assertThat(response.status()).isEqualTo(415);
		assertThat(response.header("Content-Type")).startsWith("application/problem+json");
	}

	@Test
	void aBadPageSizeIsRefused() {
		KilnClient.Response response = this.kiln.get("/api/v1/jobs?size=0");
		assertThat(response.status()).isEqualTo(400);
		assertThat(response.json().get("errors").get(0).get("path").asString()).isEqualTo("size");
	}

	@Test
	void aJsonBodyOverTheLimitIsRefusedWhetherItsLengthIsDeclaredOrNot() {
		String huge = "{\"dataset\": \"iris\", \"name\": \"" + "x".repeat(10 * 1024 * 1024) + "\"}";
		long before = jobCount();

		KilnClient.Response declared = this.kiln.post("/api/v1/jobs", huge);
		// just over the limit: a much larger streamed body is cut off with the
		// connection, as HTTP/1.1 allows
		String over = "{\"dataset\": \"iris\", \"name\": \"" + "x".repeat(1536 * 1024) + "\"}";
		KilnClient.Response chunked = this.kiln.postChunked("/api/v1/jobs",
				over.getBytes(java.nio.charset.StandardCharsets.UTF_8));

		for (KilnClient.Response response : List.of(declared, chunked)) {
			assertThat(response.status()).isEqualTo(413);
			assertThat(response.header("Content-Type")).startsWith("application/problem+json");
			assertThat(response.json().get("type").asString()).isEqualTo("/problems/body-too-large");
		}
		assertThat(jobCount()).isEqualTo(before);
	}

	@Test
	void aBodyDeclaredOverTheLimitIsRefusedBeforeTheClientSendsIt() throws IOException {
		try (Socket socket = new Socket("127.0.0.1", this.port)) {
			socket.setSoTimeout(30_000);
			// headers only, asking to continue: the answer must come without the body
			String head = "POST /api/v1/jobs HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer "
					+ KilnClient.adminKey(DATA_DIR) + "\r\nContent-Type: application/json\r\nContent-Length: "
					+ (10 * 1024 * 1024) + "\r\nExpect: 100-continue\r\n\r\n";
			socket.getOutputStream().write(head.getBytes(StandardCharsets.US_ASCII));
			socket.getOutputStream().flush();
			BufferedReader answer = new BufferedReader(
					new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
			assertThat(answer.readLine()).startsWith("HTTP/1.1 413");
		}
	}

	private long jobCount() {
		return this.kiln.get("/api/v1/jobs?size=1").json().get("totalItems").asLong();
	}

}
