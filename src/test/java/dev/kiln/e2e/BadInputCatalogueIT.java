package dev.kiln.e2e;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import javax.imageio.ImageIO;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A catalogue of hostile or broken requests: each is answered with a 4xx RFC 9457 problem
 * document (never a 500, a stack trace or a class name), and leaves every stored job,
 * metric row, checkpoint and dataset exactly as it was.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BadInputCatalogueIT extends KilnServerIT {

	private static final String JSON = "application/json";

	private static final Set<String> ACTIVE = Set.of("QUEUED", "RUNNING", "CANCELLING");

	private static final Pattern INTERNALS = Pattern.compile(
			"Exception|\\tat |\\bat [a-z]+\\.[a-z]+\\.|(java|javax|jakarta|tools\\.jackson|com\\.fasterxml|org\\.springframework"
					+ "|org\\.apache|org\\.hibernate|org\\.h2|org\\.deeplearning4j|org\\.nd4j|dev\\.kiln)\\.[a-zA-Z]"
					// a parser's redacted source location and its feature names
					+ "|\\[Source:|REDACTED|#UNKNOWN|Feature '|`[A-Z][A-Za-z]+\\.[A-Za-z_]");

	private static final String TEN_MB = "x".repeat(10 * 1024 * 1024);

	/** Under the 1 MB JSON limit, so that it is parsed and then refused. */
	private static final String NINE_HUNDRED_KB = "y".repeat(900 * 1024);

	private static final String PASSWD = "../../etc/passwd";

	private static final String UNKNOWN = "00000000-0000-4000-8000-000000000000";

	/** A valid spec whose acceptance would queue a job. */
	private static final String SPEC = """
			{"name": "%s", "dataset": "%s", "split": {"validation": %s, "test": 0.2, "seed": 7},
			 "model": {"input": [4], "layers": [
			   {"type": "dense", "units": %s, "activation": "relu"},
			   {"type": "output", "units": 3}]},
			 "training": {"epochs": %s, "batchSize": 16, "optimizer": {"type": "adam", "learningRate": %s}}}""";

	private static final AtomicInteger answered = new AtomicInteger();

	private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	private String jobId;

	private String checkpointId;

	private String datasetId;

	private String datasetName;

	/** A dataset uploaded and deleted before the catalogue runs. */
	private String deletedDatasetId;

	private String irisId;

	/** The admin key's tenant. */
	private String tenantId;

	private String snapshot;

	/** One part of a multipart form: a text field, or a file when fileName is set. */
	record Part(String name, String fileName, byte[] content) {

		static Part field(String name, String value) {
			return new Part(name, null, value.getBytes(StandardCharsets.UTF_8));
		}

		static Part file(String name, byte[] content) {
			return new Part(name, name + ".bin", content);
		}

	}

	/**
	 * One hostile request and the status range it must be answered with.
	 *
	 * @param contentType null to send none
	 * @param parts a multipart form (body is then built from them)
	 * @param authorization the Authorization header: null for the admin key's, empty for
	 * none
	 */
	record Case(String name, String method, String path, String contentType, byte[] body, List<Part> parts,
			int minStatus, int maxStatus, String authorization, List<String> headers) {

		Case(String name, String method, String path, String contentType, byte[] body, List<Part> parts, int minStatus,
				int maxStatus, String authorization) {
			this(name, method, path, contentType, body, parts, minStatus, maxStatus, authorization, List.of());
		}

		@Override
		public String toString() {
			return this.name;
		}

	}

	@BeforeAll
	void createRealState() {
		KilnClient client = KilnClient.admin(this.port, DATA_DIR);
		settle(client);
		this.tenantId = client.get("/api/v1/me").json().get("tenantId").asString();
		this.datasetName = "catalogue-" + UUID.randomUUID().toString().substring(0, 8);
		KilnClient.Response upload = client.upload("/api/v1/datasets",
				ordered("name", this.datasetName, "labelColumn", "label", "oneHot", "color"),
				java.util.Map.of("file", csv(1).getBytes(StandardCharsets.UTF_8)));
		assertThat(upload.status()).as(upload.toString()).isEqualTo(201);
		this.datasetId = upload.json().get("id").asString();
		KilnClient.Response deleted = client.upload("/api/v1/datasets",
				ordered("name", this.datasetName + "-deleted", "labelColumn", "label", "oneHot", "color"),
				java.util.Map.of("file", csv(-1).getBytes(StandardCharsets.UTF_8)));
		this.deletedDatasetId = deleted.json().get("id").asString();
		assertThat(client.delete("/api/v1/datasets/" + this.deletedDatasetId).status()).isEqualTo(204);
		for (JsonNode dataset : client.get("/api/v1/datasets?size=100").json().get("items")) {
			if (dataset.get("name").asString().equals("iris")) {
				this.irisId = dataset.get("id").asString();
			}
		}
		assertThat(this.irisId).isNotNull();
		this.jobId = client.submit(SPEC.formatted("catalogue", "iris", "0.2", "8", "3", "0.01"));
		JsonNode job = client.awaitEnd(this.jobId, Duration.ofMinutes(3));
		assertThat(job.get("status").asString()).as(job.toString()).isEqualTo("SUCCEEDED");
		JsonNode checkpoints = client.get("/api/v1/jobs/" + this.jobId + "/checkpoints").json();
		assertThat(checkpoints.get("items")).isNotEmpty();
		assertThat(client.get("/api/v1/jobs/" + this.jobId + "/metrics").json().get("items")).hasSize(3);
		this.checkpointId = checkpoints.get("bestCheckpointId").asString();
		settle(client);
		this.snapshot = snapshot(client);
	}

	@AfterAll
	void count() {
		int size = cases().size();
		System.out.println("bad-input catalogue: " + answered.get() + " requests, all answered 4xx");
		assertThat(size).isGreaterThanOrEqualTo(60);
		assertThat(answered.get()).isEqualTo(size);
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("cases")
	void isAnsweredWithA4xxProblemAndChangesNothing(Case hostile) {
		String before = this.snapshot;
		HttpResponse<byte[]> response = send(hostile);
		// compared below; kept now so that one failing case does not fail the ones after
		// it
		String after = snapshot(KilnClient.admin(this.port, DATA_DIR));
		this.snapshot = after;
		String body = new String(response.body(), StandardCharsets.UTF_8);
		String shown = hostile.name() + ": " + response.statusCode() + " "
				+ ((body.length() > 2000) ? body.substring(0, 2000) + "..." : body);

		assertThat(response.statusCode()).as(shown).isBetween(hostile.minStatus(), hostile.maxStatus());
		assertThat(response.statusCode()).as(shown).isBetween(400, 499);
		assertThat(response.headers().firstValue("Content-Type")).as(shown)
			.hasValueSatisfying((type) -> assertThat(type).startsWith("application/problem+json"));
		JsonNode problem = KilnClient.JSON.readTree(body);
		assertThat(problem.get("status").asInt()).as(shown).isEqualTo(response.statusCode());
		assertThat(problem.get("type").asString()).as(shown).startsWith("/problems/");
		// the same members in every problem, whatever refused the request
		for (String member : List.of("type", "title", "status", "detail", "instance")) {
			assertThat(problem.hasNonNull(member)).as(member + " in " + shown).isTrue();
		}
		assertThat(problem.has("properties")).as(shown).isFalse();
		assertThat(INTERNALS.matcher(body).find()).as("internals in " + shown).isFalse();

		assertThat(after).as("the store after " + hostile.name()).isEqualTo(before);
		answered.incrementAndGet();
	}

	List<Case> cases() {
		List<Case> cases = new ArrayList<>();
		String job = "/api/v1/jobs/" + this.jobId;
		String predict = job + "/predict";
		String jobs = "/api/v1/jobs";
		String datasets = "/api/v1/datasets";

		// malformed JSON
		cases.add(json("truncated JSON", jobs, "{\"dataset\": \"iris\", "));
		cases.add(json("unquoted names and values", jobs, "{dataset: iris}"));
		cases.add(json("trailing comma", jobs, "{\"dataset\": \"iris\",}"));
		cases.add(json("single quotes", jobs, "{'dataset': 'iris'}"));
		cases.add(json("a lone closing brace", jobs, "}"));
		cases.add(json("a comment", jobs, "/* a job */ " + spec()));
		cases.add(json("garbage after a valid spec", jobs, spec() + " xyz"));
		cases.add(json("a second document after a valid spec", jobs, spec() + " " + spec()));
		cases.add(json("an unterminated string", jobs, "{\"dataset\": \"iris"));
		cases.add(json("a control character in a string", jobs, spec().replace("\"catalogue\"", "\"a\u0001b\"")));
		cases.add(json("malformed predict body", predict, "{\"instances\": [[1, 2, 3, 4]"));

		// the live event stream
		String events = job + "/events";
		cases.add(withHeader(get("events after a Last-Event-ID that is not a number", events, 400), "Last-Event-ID",
				"abc"));
		cases.add(withHeader(get("events after a negative Last-Event-ID", events, 400), "Last-Event-ID", "-5"));
		cases.add(withHeader(get("events after a Last-Event-ID beyond a long", events, 400), "Last-Event-ID",
				"99999999999999999999999"));
		cases.add(get("events of an unknown job", jobs + "/" + UNKNOWN + "/events", 404));
		cases.add(get("events of a job id that is not a UUID", jobs + "/not-a-uuid/events", 400));

		// empty bodies and the wrong kind of JSON value
		cases.add(json("an empty job body", jobs, ""));
		cases.add(json("a whitespace job body", jobs, "  \n\t "));
		cases.add(json("a null job body", jobs, "null"));
		cases.add(json("an empty predict body", predict, ""));
		cases.add(json("a null predict body", predict, "null"));
		cases.add(json("a JSON array where the spec belongs", jobs, "[" + spec() + "]"));
		cases.add(json("a JSON string where the spec belongs", jobs, "\"iris\""));
		cases.add(json("a number where the spec belongs", jobs, "42"));
		cases.add(json("a JSON array where the predict body belongs", predict, "[[5.1, 3.5, 1.4, 0.2]]"));
		cases.add(json("a duplicated key", jobs,
				spec().replace("\"dataset\": \"iris\"", "\"dataset\": \"wine\", \"dataset\": \"iris\"")));
		cases.add(json("a duplicated key in predict", predict,
				"{\"instances\": [[1, 2, 3, 4]], \"instances\": [[1, 2, 3, 4]]}"));

		// BOMs and garbage bytes
		cases.add(raw("a UTF-8 BOM before malformed JSON", "POST", jobs, JSON,
				concat(new byte[] { (byte) 0xEF, (byte) 0xBB, (byte) 0xBF }, bytes("{\"dataset\": "))));
		cases.add(raw("a UTF-16 BOM before UTF-8 JSON", "POST", jobs, JSON,
				concat(new byte[] { (byte) 0xFE, (byte) 0xFF }, bytes(spec()))));
		cases.add(raw("random bytes", "POST", jobs, JSON, randomBytes(4096)));
		cases.add(raw("NUL bytes", "POST", jobs, JSON, new byte[64]));
		cases.add(raw("invalid UTF-8 in a string", "POST", jobs, JSON, invalidUtf8Name()));
		cases.add(raw("random bytes to predict", "POST", predict, JSON, randomBytes(1024)));

		// wrong types
		cases.add(json("a string where the model belongs", jobs, "{\"dataset\": \"iris\", \"model\": \"mlp\"}"));
		cases.add(json("an object where the layers belong", jobs,
				"{\"dataset\": \"iris\", \"model\": {\"input\": [4], \"layers\": {\"type\": \"output\"}}}"));
		cases.add(json("a number where a layer belongs", jobs,
				"{\"dataset\": \"iris\", \"model\": {\"input\": [4], \"layers\": [42]}}"));
		cases.add(json("a string where the epochs belong", jobs, spec("0.2", "8", "\"ten\"", "0.01")));
		cases.add(json("a boolean where the epochs belong", jobs, spec("0.2", "8", "true", "0.01")));
		cases.add(json("an array where the epochs belong", jobs, spec("0.2", "8", "[3]", "0.01")));
		cases.add(json("a string where the input belongs", jobs, spec().replace("[4]", "\"4\"")));
		cases.add(json("an object where the dataset belongs", jobs,
				spec().replace("\"dataset\": \"iris\"", "\"dataset\": {\"id\": \"iris\"}")));
		cases.add(json("a boolean where the learning rate belongs", jobs, spec("0.2", "8", "3", "false")));
		cases.add(json("epochs as text", jobs, spec("0.2", "8", "\"3\"", "0.01")));
		cases.add(json("epochs as an empty string", jobs, spec("0.2", "8", "\"\"", "0.01")));
		cases.add(json("units as text", jobs, spec("0.2", "\"8\"", "3", "0.01")));
		cases.add(json("a learning rate as text", jobs, spec("0.2", "8", "3", "\"0.01\"")));
		cases.add(json("a validation fraction as text", jobs, spec("\"0.2\"", "8", "3", "0.01")));
		cases.add(json("a batch size as text", jobs, spec().replace("\"batchSize\": 16", "\"batchSize\": \"16\"")));
		cases.add(json("a seed as text", jobs, spec().replace("\"seed\": 7", "\"seed\": \"7\"")));
		cases.add(json("an unknown device", jobs, withDevice(spec(), "\"tpu\"")));
		cases.add(json("a number where the device belongs", jobs, withDevice(spec(), "5")));
		cases.add(json("a boolean where the device belongs", jobs, withDevice(spec(), "true")));
		cases.add(json("an array where the device belongs", jobs, withDevice(spec(), "[\"gpu\"]")));
		cases.add(json("an empty device", jobs, withDevice(spec(), "\"\"")));

		// hostile callbacks: each refused at submission, nothing queued
		cases.add(json("a file: callback", jobs, withCallback(spec(), "{\"url\": \"file:///etc/passwd\"}")));
		cases.add(json("a callback with credentials", jobs,
				withCallback(spec(), "{\"url\": \"http://user:pass@host.example/\"}")));
		cases.add(json("a gopher: callback", jobs,
				withCallback(spec(), "{\"url\": \"gopher://127.0.0.1:6379/_FLUSHALL\"}")));
		cases.add(json("a 10 kB callback URL", jobs,
				withCallback(spec(), "{\"url\": \"https://a.example/" + "a".repeat(10_000) + "\"}")));
		cases.add(json("a cloud metadata callback", jobs,
				withCallback(spec(), "{\"url\": \"http://169.254.169.254/latest/meta-data/\"}")));
		cases.add(json("a hex IP callback", jobs, withCallback(spec(), "{\"url\": \"http://0x7f000001/\"}")));
		cases.add(json("a decimal IP callback", jobs, withCallback(spec(), "{\"url\": \"http://2130706433/\"}")));
		cases.add(json("a callback without a url", jobs, withCallback(spec(), "{}")));
		cases.add(json("a string where the callback belongs", jobs, withCallback(spec(), "\"https://a.example/\"")));
		cases.add(json("a number where the callback URL belongs", jobs, withCallback(spec(), "{\"url\": 42}")));
		cases.add(json("an array where the callback URL belongs", jobs,
				withCallback(spec(), "{\"url\": [\"https://a.example/\"]}")));
		cases.add(json("an unknown field in the callback", jobs,
				withCallback(spec(), "{\"url\": \"https://a.example/\", \"secret\": \"x\"}")));

		// huge numbers
		cases.add(json("1e400 epochs", jobs, spec("0.2", "8", "1e400", "0.01")));
		cases.add(json("2^63 epochs", jobs, spec("0.2", "8", "9223372036854775808", "0.01")));
		cases.add(json("1e20 epochs", jobs, spec("0.2", "8", "1e20", "0.01")));
		cases.add(json("2^31 epochs", jobs, spec("0.2", "8", "2147483648", "0.01")));
		cases.add(json("a 400-digit batch size", jobs,
				spec().replace("\"batchSize\": 16", "\"batchSize\": " + "9".repeat(400))));
		cases.add(json("2^31 - 1 units", jobs, spec("0.2", "2147483647", "3", "0.01")));
		cases.add(json("a learning rate of 1e400", jobs, spec("0.2", "8", "3", "1e400")));
		cases.add(json("a seed of 2^64", jobs, spec().replace("\"seed\": 7", "\"seed\": 18446744073709551616")));
		cases.add(json("a validation fraction of 1e400", jobs, spec("1e400", "8", "3", "0.01")));
		cases.add(json("a validation fraction of -1e400", jobs, spec("-1e400", "8", "3", "0.01")));

		// NaN and infinities, as literals and as strings
		cases.add(json("a NaN learning rate", jobs, spec("0.2", "8", "3", "NaN")));
		cases.add(json("an Infinity learning rate", jobs, spec("0.2", "8", "3", "Infinity")));
		cases.add(json("a -Infinity validation fraction", jobs, spec("-Infinity", "8", "3", "0.01")));
		cases.add(json("a \"NaN\" learning rate", jobs, spec("0.2", "8", "3", "\"NaN\"")));
		cases.add(json("an \"Infinity\" learning rate", jobs, spec("0.2", "8", "3", "\"Infinity\"")));
		cases.add(json("a \"NaN\" validation fraction", jobs, spec("\"NaN\"", "8", "3", "0.01")));
		cases.add(json("a NaN literal in an instance", predict, "{\"instances\": [[NaN, 1, 1, 1]]}"));
		cases.add(json("a \"NaN\" string in an instance", predict, "{\"instances\": [[\"NaN\", 1, 1, 1]]}"));
		cases.add(json("an \"Infinity\" string in an instance", predict, "{\"instances\": [[\"Infinity\", 1, 1, 1]]}"));
		cases.add(json("1e400 in an instance", predict, "{\"instances\": [[1e400, 1, 1, 1]]}"));
		cases.add(json("1e40 (beyond a float) in an instance", predict, "{\"instances\": [[1e40, 1, 1, 1]]}"));
		cases.add(json("a 400-digit integer in an instance", predict,
				"{\"instances\": [[" + "9".repeat(400) + ", 1, 1, 1]]}"));

		// deep nesting
		cases.add(json("10,000 nested arrays", jobs, "[".repeat(10_000) + "]".repeat(10_000)));
		cases.add(json("10,000 nested objects in the model", jobs,
				"{\"dataset\": \"iris\", \"model\": " + "{\"a\": ".repeat(10_000) + "1" + "}".repeat(10_000) + "}"));
		cases.add(json("10,000 nested arrays in an instance", predict,
				"{\"instances\": [" + "[".repeat(10_000) + "]".repeat(10_000) + "]}"));

		// 10 MB strings (over the JSON limit) and 900 KB strings (under it)
		cases.add(status(json("a 10 MB job name", jobs, spec(TEN_MB, "iris")), 413));
		cases.add(status(json("a 10 MB dataset name in a spec", jobs, spec("catalogue", TEN_MB)), 413));
		cases.add(status(json("a 10 MB checkpoint id in predict", predict,
				"{\"instances\": [[1, 2, 3, 4]], \"checkpoint\": \"" + TEN_MB + "\"}"), 413));
		cases.add(json("a 900 KB job name", jobs, spec(NINE_HUNDRED_KB, "iris")));
		cases.add(json("a 900 KB dataset name in a spec", jobs, spec("catalogue", NINE_HUNDRED_KB)));
		cases.add(json("a 900 KB layer type", jobs, spec().replace("\"dense\"", "\"" + NINE_HUNDRED_KB + "\"")));
		cases.add(json("a 900 KB checkpoint id in predict", predict,
				"{\"instances\": [[1, 2, 3, 4]], \"checkpoint\": \"" + NINE_HUNDRED_KB + "\"}"));
		cases
			.add(json("a 900 KB instance value", predict, "{\"instances\": [[\"" + NINE_HUNDRED_KB + "\", 1, 1, 1]]}"));
		cases.add(range(csvUpload("a 10 MB dataset name", TEN_MB, "label", null, csv(2)), 400, 413));
		cases.add(range(csvUpload("a 10 MB label column", "catalogue-big-label", TEN_MB, null, csv(3)), 400, 413));
		cases.add(range(csvUpload("a 10 MB oneHot column list", "catalogue-big-onehot", "label", TEN_MB, csv(4)), 400,
				413));
		cases.add(range(upload("a 10 MB class-names list", Part.field("format", "idx"),
				Part.field("name", "catalogue-idx"), Part.field("classNames", TEN_MB),
				Part.file("images", idxImages(4)), Part.file("labels", idxLabels(4))), 400, 413));
		cases.add(range(upload("a 10 MB format", Part.field("format", TEN_MB), Part.field("name", "catalogue-format"),
				Part.field("labelColumn", "label"), Part.file("file", bytes(csv(5)))), 400, 413));

		// wrong content types
		cases.add(status(raw("a spec as text/plain", "POST", jobs, "text/plain", bytes(spec())), 415));
		cases.add(status(raw("a spec as application/xml", "POST", jobs, "application/xml",
				bytes("<job><dataset>iris</dataset></job>")), 415));
		cases.add(status(raw("a spec without a content type", "POST", jobs, null, bytes(spec())), 415));
		cases.add(status(
				raw("a spec as multipart", "POST", jobs, "multipart/form-data; boundary=x",
						bytes("--x\r\nContent-Disposition: form-data; name=\"dataset\"\r\n\r\niris\r\n--x--\r\n")),
				415));
		cases.add(status(
				raw("a spec as a form", "POST", jobs, "application/x-www-form-urlencoded", bytes("dataset=iris")),
				415));
		// curl --data-binary @spec.json without -H: a JSON body over several lines sent
		// as
		// a form, whose field names (its lines) the security firewall refuses
		cases.add(status(
				raw("a multi-line spec as a form", "POST", jobs, "application/x-www-form-urlencoded", bytes(spec())),
				415));
		cases.add(status(raw("a multi-line predict body as a form", "POST", predict,
				"application/x-www-form-urlencoded", bytes("{\n  \"instances\": [[1, 2, 3, 4]]\n}\n")), 415));
		cases.add(range(raw("a spec with a malformed content type", "POST", jobs, "application/", bytes(spec())), 400,
				415));
		cases.add(range(
				raw("a spec in an unknown charset", "POST", jobs, "application/json; charset=klingon", bytes(spec())),
				400, 415));
		cases.add(status(
				raw("predict as text/plain", "POST", predict, "text/plain", bytes("{\"instances\": [[1, 2, 3, 4]]}")),
				415));
		cases.add(status(
				raw("predict without a content type", "POST", predict, null, bytes("{\"instances\": [[1, 2, 3, 4]]}")),
				415));
		cases.add(status(raw("a dataset as JSON", "POST", datasets, JSON, bytes("{\"name\": \"x\"}")), 415));
		cases.add(status(raw("a dataset as text/plain", "POST", datasets, "text/plain", bytes(csv(6))), 415));
		cases.add(status(raw("a dataset without a content type", "POST", datasets, null, bytes(csv(7))), 415));
		cases.add(raw("multipart without a boundary", "POST", datasets, "multipart/form-data", bytes(csv(8))));
		cases.add(raw("multipart whose body is not multipart", "POST", datasets, "multipart/form-data; boundary=zz",
				bytes(csv(9))));
		cases.add(raw("an empty multipart body", "POST", datasets, "multipart/form-data; boundary=zz", new byte[0]));
		cases.add(raw("a truncated multipart body", "POST", datasets, "multipart/form-data; boundary=zz",
				bytes("--zz\r\nContent-Disposition: form-data; name=\"name\"\r\n\r\ntrunc")));

		// unknown fields and parts
		cases.add(json("an unknown layer field", jobs, spec().replace("\"units\": 8", "\"unitz\": 8")));
		cases
			.add(json("an unknown top-level field", jobs, spec().replace("{\"name\"", "{\"__proto__\": {}, \"name\"")));
		cases.add(json("an unknown predict field", predict, "{\"instance\": [[1, 2, 3, 4]]}"));
		cases.add(upload("an unknown upload field", Part.field("name", "catalogue-unknown"),
				Part.field("labelcolumn", "label"), Part.file("file", bytes(csv(10)))));
		cases.add(upload("an unknown upload part", Part.field("name", "catalogue-unknown-part"),
				Part.field("labelColumn", "label"), Part.file("file", bytes(csv(11))),
				Part.file("files", bytes(csv(12)))));
		cases.add(upload("an idx field on a csv upload", Part.field("name", "catalogue-cross"),
				Part.field("labelColumn", "label"), Part.field("classNames", "a,b"),
				Part.file("file", bytes(csv(13)))));

		// page and size parameters
		for (String query : List.of("size=-1", "size=0", "page=-1", "size=100000", "size=abc", "page=abc", "size=1.5",
				"size=99999999999", "page=2147483647&size=200", "page=1e3")) {
			cases.add(get("jobs?" + query, jobs + "?" + query, 400));
		}
		for (String query : List.of("size=-1", "page=-5", "size=101", "size=100000", "page=2147483647&size=100")) {
			cases.add(get("datasets?" + query, datasets + "?" + query, 400));
		}
		cases.add(get("jobs?status=FOO", jobs + "?status=FOO", 400));
		cases.add(get("jobs?status=../../etc/passwd", jobs + "?status=..%2F..%2Fetc%2Fpasswd", 400));
		cases.add(json("dryRun=maybe", jobs + "?dryRun=maybe", spec()));
		cases.add(json("dryRun=2", jobs + "?dryRun=2", spec()));

		// path-like names in every name field
		cases.add(json("a path as job name", jobs, spec(PASSWD, "iris")));
		cases.add(json("a Windows path as job name", jobs, spec("..\\\\..\\\\windows\\\\system32", "iris")));
		cases.add(json("an absolute path as job name", jobs, spec("/etc/passwd", "iris")));
		cases.add(json("a line break in a job name", jobs, spec("a\\nb", "iris")));
		cases.add(json("a path as dataset in a spec", jobs, spec("catalogue", PASSWD)));
		cases.add(
				json("a path to a stored dataset in a spec", jobs, spec("catalogue", "../datasets/" + this.datasetId)));
		cases.add(json("a path as checkpoint id in predict", predict,
				"{\"instances\": [[1, 2, 3, 4]], \"checkpoint\": \"" + PASSWD + "\"}"));
		for (String name : List.of(PASSWD, "..", ".", "a/b", "a\\b", "%2e%2e%2fetc", "nul\u0000byte", "", "/etc/passwd",
				UUID.randomUUID().toString())) {
			cases.add(csvUpload("dataset name '" + name.replace("\u0000", "\\0") + "'", name, "label", null,
					csv(20 + cases.size())));
		}
		// names that break the standard every name is held to (dev.kiln.web.Names)
		cases.add(json("a lone surrogate in a job name", jobs, spec("a\\ud800b", "iris")));
		cases.add(json("a right-to-left override in a job name", jobs, spec("\\u202eexe.txt", "iris")));
		cases.add(json("a zero-width space in a dataset reference", jobs, spec("catalogue", "ir\\u200bis")));
		cases.add(csvUpload("a zero-width joiner in a dataset name", "catalogue\u200d", "label", null, csv(47)));
		cases.add(csvUpload("a NUL in a CSV column name", "catalogue-nul-column", "label", null,
				csv(48).replaceFirst("a,", "a\u0000,")));
		cases.add(csvUpload("a line feed in a CSV label", "catalogue-lf-label", "label", null,
				csv(49).replaceFirst("yes", "\"y\ne\"")));
		cases.add(upload("a line feed in a class folder", Part.field("format", "images-zip"),
				Part.field("name", "catalogue-lf-folder"), Part.field("height", "2"), Part.field("width", "2"),
				Part.field("channels", "1"), Part.file("file", zip("ca\nt/a.png", "dog/b.png"))));
		cases.add(csvUpload("a path as label column", "catalogue-label", PASSWD, null, csv(14)));
		cases.add(csvUpload("a path as oneHot column", "catalogue-onehot", "label", PASSWD, csv(15)));
		cases.add(upload("a path as a class name (too few names)", Part.field("format", "idx"),
				Part.field("name", "catalogue-classes"), Part.field("classNames", PASSWD),
				Part.file("images", idxImages(4)), Part.file("labels", idxLabels(4))));
		cases.add(upload("a path as dataset name (idx)", Part.field("format", "idx"), Part.field("name", PASSWD),
				Part.file("images", idxImages(4)), Part.file("labels", idxLabels(4))));
		cases.add(upload("a path as dataset name (images-zip)", Part.field("format", "images-zip"),
				Part.field("name", PASSWD), Part.field("height", "2"), Part.field("width", "2"),
				Part.field("channels", "1"), Part.file("file", zip("cat/a.png", "dog/b.png"))));
		cases.add(upload("a class folder escaping the zip", Part.field("format", "images-zip"),
				Part.field("name", "catalogue-slip"), Part.field("height", "2"), Part.field("width", "2"),
				Part.field("channels", "1"), Part.file("file", zip("../../etc/passwd/a.png", "dog/b.png"))));
		cases.add(upload("an absolute class folder", Part.field("format", "images-zip"),
				Part.field("name", "catalogue-abs"), Part.field("height", "2"), Part.field("width", "2"),
				Part.field("channels", "1"), Part.file("file", zip("/etc/passwd/a.png", "dog/b.png"))));
		for (String id : List.of("..%2F..%2Fetc%2Fpasswd", "..%5C..%5Cwindows", "%2e%2e", "%00", "..%252F..%252Fetc")) {
			cases.add(range(get("job id " + id, jobs + "/" + id, 400), 400, 404));
			cases.add(range(get("job metrics with id " + id, jobs + "/" + id + "/metrics", 400), 400, 404));
			cases.add(range(get("checkpoint id " + id, "/api/v1/checkpoints/" + id, 400), 400, 404));
			cases.add(range(get("checkpoint download with id " + id, "/api/v1/checkpoints/" + id + "/download", 400),
					400, 404));
			cases.add(range(get("dataset id " + id, datasets + "/" + id, 404), 400, 404));
			cases.add(range(raw("deleting dataset id " + id, "DELETE", datasets + "/" + id, null, null), 400, 404));
		}
		cases.add(range(get("job id with dot segments", jobs + "/../../../etc/passwd", 404), 400, 404));

		// ids that do not exist, as UUIDs, as ids of something else, and as junk
		for (String id : List.of(UNKNOWN, this.checkpointId, this.datasetId)) {
			String what = id.equals(UNKNOWN) ? "an unknown" : "another resource's";
			cases.add(get(what + " job id", jobs + "/" + id, 404));
			cases.add(get(what + " job id's metrics", jobs + "/" + id + "/metrics", 404));
			cases.add(get(what + " job id's checkpoints", jobs + "/" + id + "/checkpoints", 404));
			cases.add(get(what + " job id's evaluation", jobs + "/" + id + "/evaluation", 404));
			cases.add(status(raw("cancelling " + what + " job id", "POST", jobs + "/" + id + "/cancel", null, null),
					404));
			cases.add(status(json("predicting with " + what + " job id", jobs + "/" + id + "/predict",
					"{\"instances\": [[1, 2, 3, 4]]}"), 404));
		}
		for (String id : List.of(UNKNOWN, this.jobId, this.datasetId)) {
			String what = id.equals(UNKNOWN) ? "an unknown" : "another resource's";
			cases.add(get(what + " checkpoint id", "/api/v1/checkpoints/" + id, 404));
			cases.add(get(what + " checkpoint download", "/api/v1/checkpoints/" + id + "/download", 404));
		}
		for (String id : List.of(UNKNOWN, this.jobId, this.checkpointId)) {
			String what = id.equals(UNKNOWN) ? "an unknown" : "another resource's";
			cases.add(get(what + " dataset id", datasets + "/" + id, 404));
			cases.add(status(raw("deleting " + what + " dataset id", "DELETE", datasets + "/" + id, null, null), 404));
		}
		cases.add(get("a junk job id", jobs + "/junk", 400));
		cases.add(get("a short-form UUID as job id", jobs + "/1-2-3-4-5", 404));
		cases.add(get("a junk checkpoint id", "/api/v1/checkpoints/junk", 400));
		cases.add(get("a junk dataset id", datasets + "/junk", 404));
		cases.add(status(json("an unknown checkpoint in predict", predict,
				"{\"instances\": [[1, 2, 3, 4]], \"checkpoint\": \"" + UNKNOWN + "\"}"), 404));
		cases.add(json("a junk checkpoint in predict", predict,
				"{\"instances\": [[1, 2, 3, 4]], \"checkpoint\": \"junk\"}"));
		cases.add(json("a number as checkpoint in predict", predict,
				"{\"instances\": [[1, 2, 3, 4]], \"checkpoint\": 42}"));
		cases.add(json("an unknown dataset id in a spec", jobs, spec("catalogue", UNKNOWN)));
		cases.add(json("a job id as dataset in a spec", jobs, spec("catalogue", this.jobId)));
		cases.add(get("an unknown path", "/api/v1/nothing-here", 404));
		cases.add(get("an unknown version", "/api/v2/jobs", 404));

		// predictions of the wrong shape or type
		cases.add(json("string features", predict, "{\"instances\": [[\"a\", \"b\", \"c\", \"d\"]]}"));
		cases.add(json("too few features", predict, "{\"instances\": [[1, 2, 3]]}"));
		cases.add(json("too many features", predict, "{\"instances\": [[1, 2, 3, 4, 5]]}"));
		cases.add(json("no instances", predict, "{\"instances\": []}"));
		cases.add(json("null instances", predict, "{\"instances\": null}"));
		cases.add(json("missing instances", predict, "{}"));
		cases.add(json("a null instance", predict, "{\"instances\": [null]}"));
		cases.add(json("an empty instance", predict, "{\"instances\": [[]]}"));
		cases.add(json("a null feature", predict, "{\"instances\": [[1, 2, null, 4]]}"));
		cases.add(json("wrongly nested features", predict, "{\"instances\": [[[1, 2], [3, 4]]]}"));
		cases.add(json("a flat instance list", predict, "{\"instances\": [1, 2, 3, 4]}"));
		cases.add(json("a string as instances", predict, "{\"instances\": \"1,2,3,4\"}"));
		cases.add(json("an object as instances", predict, "{\"instances\": {\"a\": 1}}"));
		cases.add(json("an object as an instance", predict, "{\"instances\": [{\"sepal\": 1}]}"));
		cases.add(json("boolean features", predict, "{\"instances\": [[true, false, true, false]]}"));
		cases.add(json("1,001 instances", predict,
				"{\"instances\": [" + String.join(", ", java.util.Collections.nCopies(1001, "[1, 2, 3, 4]")) + "]}"));

		// HTTP methods that are not allowed
		cases.add(status(raw("PUT on jobs", "PUT", jobs, JSON, bytes(spec())), 405));
		cases.add(status(raw("DELETE on jobs", "DELETE", jobs, null, null), 405));
		cases.add(status(raw("PATCH on a job", "PATCH", job, JSON, bytes("{\"status\": \"QUEUED\"}")), 405));
		cases.add(status(raw("DELETE on a job", "DELETE", job, null, null), 405));
		cases.add(status(raw("PUT on a job", "PUT", job, JSON, bytes(spec())), 405));
		cases.add(status(raw("GET on predict", "GET", predict, null, null), 405));
		cases.add(status(raw("GET on cancel", "GET", job + "/cancel", null, null), 405));
		cases.add(status(raw("POST on metrics", "POST", job + "/metrics", JSON, bytes("{}")), 405));
		cases.add(status(raw("DELETE on checkpoints", "DELETE", job + "/checkpoints", null, null), 405));
		cases.add(status(raw("PUT on a dataset", "PUT", datasets + "/" + this.datasetId, JSON, bytes("{}")), 405));
		cases.add(status(raw("DELETE on datasets", "DELETE", datasets, null, null), 405));
		cases.add(status(
				raw("POST on a checkpoint", "POST", "/api/v1/checkpoints/" + this.checkpointId, JSON, bytes("{}")),
				405));
		cases.add(status(
				raw("DELETE on a checkpoint", "DELETE", "/api/v1/checkpoints/" + this.checkpointId, null, null), 405));
		cases.add(range(raw("a made-up method", "FROBNICATE", jobs, null, null), 400, 405));

		// multipart uploads with missing or broken parts, in every format
		cases.add(upload("csv without a file", Part.field("name", "catalogue-nofile"),
				Part.field("labelColumn", "label")));
		cases.add(upload("csv without a label column", Part.field("name", "catalogue-nolabel"),
				Part.file("file", bytes(csv(16)))));
		cases.add(upload("csv without a name", Part.field("labelColumn", "label"), Part.file("file", bytes(csv(17)))));
		cases.add(upload("csv with an empty file", Part.field("name", "catalogue-empty"),
				Part.field("labelColumn", "label"), Part.file("file", new byte[0])));
		cases.add(upload("csv with only a header", Part.field("name", "catalogue-header"),
				Part.field("labelColumn", "label"), Part.file("file", bytes("a,b,color,label\n"))));
		cases.add(upload("csv with binary garbage", Part.field("name", "catalogue-garbage"),
				Part.field("labelColumn", "label"), Part.file("file", randomBytes(2048))));
		cases.add(upload("csv with two files", Part.field("name", "catalogue-twofiles"),
				Part.field("labelColumn", "label"), Part.file("file", bytes(csv(18))),
				Part.file("file", bytes(csv(19)))));
		cases.add(upload("csv with two names", Part.field("name", "catalogue-a"), Part.field("name", "catalogue-b"),
				Part.field("labelColumn", "label"), Part.file("file", bytes(csv(40)))));
		cases.add(upload("csv with a negative shape", Part.field("name", "catalogue-shape"),
				Part.field("labelColumn", "label"), Part.field("shape", "-1,-2"), Part.file("file", bytes(csv(41)))));
		cases.add(upload("csv with a zero shape", Part.field("name", "catalogue-shape0"),
				Part.field("labelColumn", "label"), Part.field("shape", "0"), Part.file("file", bytes(csv(42)))));
		cases.add(upload("csv with a huge shape", Part.field("name", "catalogue-shapebig"),
				Part.field("labelColumn", "label"), Part.field("shape", "99999999999,2147483647,2147483647"),
				Part.file("file", bytes(csv(43)))));
		cases.add(upload("csv with an unknown normalisation", Part.field("name", "catalogue-norm"),
				Part.field("labelColumn", "label"), Part.field("normalization", "zscore"),
				Part.file("file", bytes(csv(44)))));
		cases.add(upload("an unknown format", Part.field("format", "parquet"), Part.field("name", "catalogue-parquet"),
				Part.file("file", bytes(csv(45)))));
		cases.add(upload("an empty form"));
		cases.add(status(upload("10,000 form fields",
				java.util.stream.IntStream.range(0, 10_000)
					.mapToObj((i) -> Part.field("f" + i, "v"))
					.toArray(Part[]::new)),
				413));
		cases.add(status(csvUpload("a name already taken", this.datasetName, "label", "color", csv(46)), 409));
		cases.add(status(csvUpload("content already registered", "catalogue-again", "label", "color", csv(1)), 409));
		cases.add(upload("idx without images", Part.field("format", "idx"), Part.field("name", "catalogue-noimages"),
				Part.file("labels", idxLabels(4))));
		cases.add(upload("idx without labels", Part.field("format", "idx"), Part.field("name", "catalogue-nolabels"),
				Part.file("images", idxImages(4))));
		cases.add(upload("idx with test images but no test labels", Part.field("format", "idx"),
				Part.field("name", "catalogue-notestlabels"), Part.file("images", idxImages(4)),
				Part.file("labels", idxLabels(4)), Part.file("testImages", idxImages(2))));
		cases.add(upload("idx with garbage images", Part.field("format", "idx"),
				Part.field("name", "catalogue-idxgarbage"), Part.file("images", randomBytes(512)),
				Part.file("labels", idxLabels(4))));
		cases.add(upload("idx with mismatched counts", Part.field("format", "idx"),
				Part.field("name", "catalogue-idxcounts"), Part.file("images", idxImages(4)),
				Part.file("labels", idxLabels(3))));
		cases.add(upload("idx with a truncated image file", Part.field("format", "idx"),
				Part.field("name", "catalogue-idxtrunc"),
				Part.file("images", Arrays.copyOf(idxImages(4), idxImages(4).length - 3)),
				Part.file("labels", idxLabels(4))));
		cases.add(upload("images-zip without a file", Part.field("format", "images-zip"),
				Part.field("name", "catalogue-nozip"), Part.field("height", "2"), Part.field("width", "2"),
				Part.field("channels", "1")));
		cases.add(upload("images-zip without a height", Part.field("format", "images-zip"),
				Part.field("name", "catalogue-noheight"), Part.field("width", "2"), Part.field("channels", "1"),
				Part.file("file", zip("cat/a.png", "dog/b.png"))));
		cases.add(upload("images-zip with a zero height", Part.field("format", "images-zip"),
				Part.field("name", "catalogue-zeroheight"), Part.field("height", "0"), Part.field("width", "2"),
				Part.field("channels", "1"), Part.file("file", zip("cat/a.png", "dog/b.png"))));
		cases.add(upload("images-zip with a negative width", Part.field("format", "images-zip"),
				Part.field("name", "catalogue-negwidth"), Part.field("height", "2"), Part.field("width", "-2"),
				Part.field("channels", "1"), Part.file("file", zip("cat/a.png", "dog/b.png"))));
		cases.add(upload("images-zip with a huge height", Part.field("format", "images-zip"),
				Part.field("name", "catalogue-bigheight"), Part.field("height", "99999999999"),
				Part.field("width", "2"), Part.field("channels", "1"),
				Part.file("file", zip("cat/a.png", "dog/b.png"))));
		cases.add(upload("images-zip with two channels", Part.field("format", "images-zip"),
				Part.field("name", "catalogue-twochannels"), Part.field("height", "2"), Part.field("width", "2"),
				Part.field("channels", "2"), Part.file("file", zip("cat/a.png", "dog/b.png"))));
		cases.add(upload("images-zip with a file that is not a zip", Part.field("format", "images-zip"),
				Part.field("name", "catalogue-notzip"), Part.field("height", "2"), Part.field("width", "2"),
				Part.field("channels", "1"), Part.file("file", randomBytes(1024))));
		cases.add(upload("images-zip with no images", Part.field("format", "images-zip"),
				Part.field("name", "catalogue-noimages-zip"), Part.field("height", "2"), Part.field("width", "2"),
				Part.field("channels", "1"), Part.file("file", zip())));

		// API keys: none, malformed, unknown; each refused before anything is read
		String bogusKey = "kiln_" + "A".repeat(43);
		cases.add(unauthenticated(get("no API key", jobs, 401), ""));
		cases.add(unauthenticated(json("a job submitted without an API key", jobs, spec()), ""));
		cases.add(unauthenticated(csvUpload("an upload without an API key", "catalogue-nokey", "label", null, csv(5)),
				""));
		cases.add(unauthenticated(get("Basic credentials instead of a key", jobs, 401), "Basic YWRtaW46YWRtaW4="));
		cases.add(unauthenticated(get("Bearer with no key", jobs, 401), "Bearer "));
		cases.add(unauthenticated(get("an unknown API key", jobs, 401), "Bearer " + bogusKey));
		cases.add(unauthenticated(get("an API key with a path in it", jobs, 401), "Bearer ../../etc/passwd"));
		cases.add(unauthenticated(
				raw("deleting a dataset with an unknown key", "DELETE", datasets + "/" + this.datasetId, null, null),
				"Bearer " + bogusKey));

		// tenants and keys
		String tenants = "/api/v1/tenants";
		String keys = tenants + "/" + this.tenantId + "/keys";
		cases.add(json("a tenant named like a path", tenants, "{\"name\": \"../../etc/passwd\"}"));
		cases.add(json("a tenant with no name", tenants, "{}"));
		cases.add(json("a tenant name that is a number", tenants, "{\"name\": 5}"));
		cases.add(json("a tenant request with an unknown field", tenants, "{\"name\": \"t\", \"admin\": true}"));
		cases.add(status(json("a 10 MB tenant name", tenants, "{\"name\": \"" + TEN_MB + "\"}"), 413));
		cases.add(json("a 900 KB tenant name", tenants, "{\"name\": \"" + NINE_HUNDRED_KB + "\"}"));
		cases.add(json("a key named like a path", keys, "{\"name\": \"../../etc/passwd\"}"));
		cases.add(json("a key name with a control character", keys, "{\"name\": \"a\\u0000b\"}"));
		cases.add(json("a lone surrogate in a tenant name", tenants, "{\"name\": \"t\\udc00\"}"));
		cases.add(json("a bidirectional isolate in a key name", keys, "{\"name\": \"a\\u2066b\"}"));
		cases.add(json("a key whose admin flag is text", keys, "{\"name\": \"k\", \"admin\": \"yes\"}"));
		cases.add(json("a key whose admin flag is the text true", keys, "{\"name\": \"k\", \"admin\": \"true\"}"));
		cases.add(json("a key whose admin flag is a number", keys, "{\"name\": \"k\", \"admin\": 1}"));
		cases.add(json("a key whose name is a number", keys, "{\"name\": 5}"));
		cases.add(status(
				json("a key for a tenant that does not exist", tenants + "/" + UNKNOWN + "/keys", "{\"name\": \"k\"}"),
				404));
		cases.add(status(raw("revoking a key that does not exist", "DELETE", keys + "/" + UNKNOWN, null, null), 404));
		cases.add(get("a tenant id that is not a UUID", tenants + "/not-a-uuid", 400));
		cases.add(get("a tenant that does not exist", tenants + "/" + UNKNOWN, 404));

		// requests the lifecycle or the catalogue refuses
		cases.add(status(raw("cancelling a finished job", "POST", job + "/cancel", null, null), 409));
		cases.add(status(raw("deleting a built-in dataset", "DELETE", datasets + "/" + this.irisId, null, null), 409));
		cases.add(status(json("a job on a deleted dataset", jobs, spec("catalogue", this.deletedDatasetId)), 409));
		return cases;
	}

	private String spec() {
		return spec("catalogue", "iris");
	}

	private static String withCallback(String spec, String callback) {
		return spec.replaceFirst("\\{", "{\"callback\": " + java.util.regex.Matcher.quoteReplacement(callback) + ", ");
	}

	private static String withDevice(String spec, String device) {
		return spec.replaceFirst("\\{", "{\"device\": " + device + ", ");
	}

	private static String spec(String name, String dataset) {
		return SPEC.formatted(name, dataset, "0.2", "8", "1", "0.01");
	}

	private static String spec(String validation, String units, String epochs, String learningRate) {
		return SPEC.formatted("catalogue", "iris", validation, units, epochs, learningRate);
	}

	private static Case json(String name, String path, String body) {
		return new Case(name, "POST", path, JSON, bytes(body), null, 400, 400, null);
	}

	private static Case raw(String name, String method, String path, String contentType, byte[] body) {
		return new Case(name, method, path, contentType, body, null, 400, 400, null);
	}

	private static Case get(String name, String path, int status) {
		return new Case(name, "GET", path, null, null, null, status, status, null);
	}

	private static Case upload(String name, Part... parts) {
		return new Case(name, "POST", "/api/v1/datasets", null, null, List.of(parts), 400, 400, null);
	}

	private static Case csvUpload(String name, String datasetName, String labelColumn, String oneHot, String csv) {
		List<Part> parts = new ArrayList<>(
				List.of(Part.field("name", datasetName), Part.field("labelColumn", labelColumn)));
		if (oneHot != null) {
			parts.add(Part.field("oneHot", oneHot));
		}
		parts.add(Part.file("file", bytes(csv)));
		return new Case(name, "POST", "/api/v1/datasets", null, null, parts, 400, 400, null);
	}

	private static Case status(Case c, int status) {
		return range(c, status, status);
	}

	private static Case range(Case c, int min, int max) {
		return new Case(c.name(), c.method(), c.path(), c.contentType(), c.body(), c.parts(), min, max,
				c.authorization());
	}

	/** The case sent with this Authorization header (empty: none), answered 401. */
	/** The case sent with one more header. */
	private static Case withHeader(Case c, String name, String value) {
		List<String> headers = new ArrayList<>(c.headers());
		headers.add(name);
		headers.add(value);
		return new Case(c.name(), c.method(), c.path(), c.contentType(), c.body(), c.parts(), c.minStatus(),
				c.maxStatus(), c.authorization(), List.copyOf(headers));
	}

	private static Case unauthenticated(Case c, String authorization) {
		return new Case(c.name(), c.method(), c.path(), c.contentType(), c.body(), c.parts(), 401, 401, authorization);
	}

	/**
	 * A small CSV whose content differs with {@code variant}, so no upload is a duplicate
	 * by accident.
	 */
	private static String csv(int variant) {
		StringBuilder csv = new StringBuilder("a,b,color,label\n");
		for (int i = 0; i < 12; i++) {
			csv.append(i)
				.append(',')
				.append(variant + i * 0.5)
				.append(',')
				.append((i % 2 == 0) ? "red" : "blue")
				.append(',')
				.append((i % 3 == 0) ? "yes" : "no")
				.append('\n');
		}
		return csv.toString();
	}

	private static byte[] idxImages(int count) {
		ByteBuffer buffer = ByteBuffer.allocate(16 + count * 4);
		buffer.putInt(0x00000803).putInt(count).putInt(2).putInt(2);
		for (int i = 0; i < count * 4; i++) {
			buffer.put((byte) (i * 7));
		}
		return buffer.array();
	}

	private static byte[] idxLabels(int count) {
		ByteBuffer buffer = ByteBuffer.allocate(8 + count);
		buffer.putInt(0x00000801).putInt(count);
		for (int i = 0; i < count; i++) {
			buffer.put((byte) (i % 2));
		}
		return buffer.array();
	}

	private static byte[] zip(String... entries) {
		try {
			BufferedImage image = new BufferedImage(4, 4, BufferedImage.TYPE_INT_RGB);
			ByteArrayOutputStream png = new ByteArrayOutputStream();
			ImageIO.write(image, "png", png);
			ByteArrayOutputStream out = new ByteArrayOutputStream();
			try (ZipOutputStream zip = new ZipOutputStream(out)) {
				for (String entry : entries) {
					zip.putNextEntry(new ZipEntry(entry));
					zip.write(png.toByteArray());
					zip.closeEntry();
				}
			}
			return out.toByteArray();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static byte[] invalidUtf8Name() {
		String[] halves = spec("@@", "iris").split("@@");
		return concat(concat(bytes(halves[0]), new byte[] { (byte) 0xC3, (byte) 0x28, (byte) 0xFF }), bytes(halves[1]));
	}

	private static byte[] randomBytes(int length) {
		byte[] bytes = new byte[length];
		new java.util.Random(length).nextBytes(bytes);
		return bytes;
	}

	private static byte[] bytes(String text) {
		return text.getBytes(StandardCharsets.UTF_8);
	}

	private static byte[] concat(byte[] a, byte[] b) {
		byte[] both = Arrays.copyOf(a, a.length + b.length);
		System.arraycopy(b, 0, both, a.length, b.length);
		return both;
	}

	private static java.util.Map<String, String> ordered(String... keysAndValues) {
		java.util.Map<String, String> map = new java.util.LinkedHashMap<>();
		for (int i = 0; i < keysAndValues.length; i += 2) {
			map.put(keysAndValues[i], keysAndValues[i + 1]);
		}
		return map;
	}

	private HttpResponse<byte[]> send(Case hostile) {
		HttpRequest.Builder request = HttpRequest
			.newBuilder(URI.create("http://localhost:" + this.port + hostile.path()))
			.timeout(Duration.ofSeconds(60));
		String contentType = hostile.contentType();
		byte[] body = hostile.body();
		if (hostile.parts() != null) {
			String boundary = "catalogue-" + UUID.randomUUID();
			contentType = "multipart/form-data; boundary=" + boundary;
			body = multipart(boundary, hostile.parts());
		}
		if (contentType != null) {
			request.header("Content-Type", contentType);
		}
		for (int i = 0; i < hostile.headers().size(); i += 2) {
			request.header(hostile.headers().get(i), hostile.headers().get(i + 1));
		}
		String authorization = (hostile.authorization() != null) ? hostile.authorization()
				: "Bearer " + KilnClient.adminKey(DATA_DIR);
		if (!authorization.isEmpty()) {
			request.header("Authorization", authorization);
		}
		request.method(hostile.method(),
				(body != null) ? HttpRequest.BodyPublishers.ofByteArray(body) : HttpRequest.BodyPublishers.noBody());
		try {
			return this.http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	private static byte[] multipart(String boundary, List<Part> parts) {
		ByteArrayOutputStream body = new ByteArrayOutputStream();
		for (Part part : parts) {
			String disposition = "form-data; name=\"" + part.name() + "\""
					+ ((part.fileName() != null) ? "; filename=\"" + part.fileName() + "\"" : "");
			body.writeBytes(bytes("--" + boundary + "\r\nContent-Disposition: " + disposition + "\r\n"
					+ ((part.fileName() != null) ? "Content-Type: application/octet-stream\r\n" : "") + "\r\n"));
			body.writeBytes(part.content());
			body.writeBytes(bytes("\r\n"));
		}
		body.writeBytes(bytes("--" + boundary + "--\r\n"));
		return body.toByteArray();
	}

	/**
	 * Every stored job (with its transitions), metric row and checkpoint, and every
	 * dataset, as the API shows them.
	 */
	private static String snapshot(KilnClient client) {
		StringBuilder snapshot = new StringBuilder();
		KilnClient.Response jobs = client.get("/api/v1/jobs?size=200");
		assertThat(jobs.status()).isEqualTo(200);
		snapshot.append(jobs.text()).append('\n');
		for (JsonNode job : jobs.json().get("items")) {
			String path = "/api/v1/jobs/" + job.get("id").asString();
			for (String part : List.of("", "/metrics", "/checkpoints")) {
				KilnClient.Response response = client.get(path + part);
				snapshot.append(response.status()).append(' ').append(response.text()).append('\n');
			}
		}
		KilnClient.Response datasets = client.get("/api/v1/datasets?size=100");
		assertThat(datasets.status()).isEqualTo(200);
		snapshot.append(datasets.text()).append('\n');
		KilnClient.Response tenants = client.get("/api/v1/tenants?size=100");
		assertThat(tenants.status()).isEqualTo(200);
		snapshot.append(tenants.text()).append('\n');
		for (JsonNode tenant : tenants.json().get("items")) {
			KilnClient.Response keys = client.get("/api/v1/tenants/" + tenant.get("id").asString() + "/keys");
			snapshot.append(keys.status()).append(' ').append(keys.text()).append('\n');
		}
		return snapshot.toString();
	}

	/**
	 * Waits until no job is queued, running or cancelling (so that nothing changes on its
	 * own while the catalogue runs).
	 */
	private static void settle(KilnClient client) {
		Instant deadline = Instant.now().plus(Duration.ofMinutes(3));
		while (true) {
			List<String> active = new ArrayList<>();
			for (String status : ACTIVE) {
				for (JsonNode job : client.get("/api/v1/jobs?size=200&status=" + status).json().get("items")) {
					active.add(job.get("id").asString());
				}
			}
			if (active.isEmpty()) {
				return;
			}
			if (Instant.now().isAfter(deadline)) {
				throw new AssertionError("jobs still active: " + active);
			}
			KilnClient.sleep(200);
		}
	}

}
