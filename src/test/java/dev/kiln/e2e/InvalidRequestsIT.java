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
				Arguments.of("malformed JSON", "{\"dataset\": \"iris\", ", "$"));
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
		for (String path : new String[] { "/api/v1/nothing-here", "/error" }) {
			KilnClient.Response response = this.kiln.get(path);
			assertThat(response.status()).as(path).isEqualTo(404);
			assertThat(response.header("Content-Type")).as(path).startsWith("application/problem+json");
			assertThat(response.json().get("status").asInt()).isEqualTo(404);
			assertThat(response.text()).doesNotContain("Whitelabel", "Exception");
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
