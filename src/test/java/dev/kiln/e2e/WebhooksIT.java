package dev.kiln.e2e;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Job callbacks end to end: a real HTTP receiver on 127.0.0.1 (which KilnServerIT allows
 * through kiln.webhooks.allowed-networks) gets signed notices of real jobs, verified as a
 * receiver would verify them.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class WebhooksIT extends KilnServerIT {

	private static final String TINY = """
			{"name": "hooked", "dataset": "iris", "callback": {"url": "%s"},
			 "model": {"input": [4], "layers": [
			   {"type": "dense", "units": 8, "activation": "relu"},
			   {"type": "output", "units": 3}]},
			 "training": {"epochs": %d, "batchSize": 16, "optimizer": {"type": "adam", "learningRate": 0.01}}}""";

	/** What the receiver got: one entry per request. */
	record Received(String path, Map<String, List<String>> headers, byte[] body) {

		String header(String name) {
			return this.headers.entrySet()
				.stream()
				.filter((e) -> e.getKey().equalsIgnoreCase(name))
				.map((e) -> e.getValue().get(0))
				.findFirst()
				.orElse(null);
		}

		JsonNode json() {
			return KilnClient.JSON.readTree(new String(this.body, StandardCharsets.UTF_8));
		}

	}

	private final List<Received> received = new java.util.concurrent.CopyOnWriteArrayList<>();

	/** Scripted answers per path; 200 once a script is used up. */
	private final Map<String, Deque<Integer>> answers = new ConcurrentHashMap<>();

	private HttpServer receiver;

	private KilnClient tenant;

	@BeforeAll
	void startReceiver() throws IOException {
		this.receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
		this.receiver.createContext("/", (exchange) -> {
			byte[] body;
			try (InputStream in = exchange.getRequestBody()) {
				body = in.readAllBytes();
			}
			String path = exchange.getRequestURI().getPath();
			this.received.add(new Received(path, Map.copyOf(exchange.getRequestHeaders()), body));
			Deque<Integer> script = this.answers.get(path);
			Integer status = (script != null) ? script.poll() : null;
			exchange.sendResponseHeaders((status != null) ? status : 200, -1);
			exchange.close();
		});
		this.receiver.start();
	}

	@AfterAll
	void stopReceiver() {
		this.receiver.stop(0);
	}

	@BeforeAll
	void makeTenant() {
		this.tenant = KilnClient.admin(this.port, DATA_DIR).newTenant("webhooks-" + java.util.UUID.randomUUID());
	}

	private String url(String path) {
		return "http://127.0.0.1:" + this.receiver.getAddress().getPort() + path;
	}

	private List<Received> at(String path) {
		return this.received.stream().filter((r) -> r.path().equals(path)).toList();
	}

	private List<Received> awaitRequests(String path, int count, Duration timeout) {
		Instant deadline = Instant.now().plus(timeout);
		while (at(path).size() < count) {
			if (Instant.now().isAfter(deadline)) {
				throw new AssertionError(
						"expected " + count + " request(s) at " + path + " within " + timeout + "; got " + at(path));
			}
			KilnClient.sleep(50);
		}
		return at(path);
	}

	/** Verifies a notice as a receiver does: HMAC-SHA256 of "t.body" with the secret. */
	private static void assertSignedWith(String secret, Received notice) throws Exception {
		String signature = notice.header("Kiln-Signature");
		assertThat(signature).matches("t=\\d+,v1=[0-9a-f]{64}");
		String timestamp = signature.substring(2, signature.indexOf(','));
		String v1 = signature.substring(signature.indexOf("v1=") + 3);
		Mac mac = Mac.getInstance("HmacSHA256");
		mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
		mac.update((timestamp + ".").getBytes(StandardCharsets.UTF_8));
		String expected = HexFormat.of().formatHex(mac.doFinal(notice.body()));
		assertThat(v1).isEqualTo(expected);
		assertThat(notice.header("Kiln-Timestamp")).isEqualTo(timestamp);
		assertThat(Math.abs(Instant.now().getEpochSecond() - Long.parseLong(timestamp))).isLessThan(300);
	}

	private String secret() {
		KilnClient.Response response = this.tenant.get("/api/v1/webhooks/secret");
		assertThat(response.status()).as(response.toString()).isEqualTo(200);
		return response.json().get("secret").asString();
	}

	private JsonNode deliveries(String jobId) {
		KilnClient.Response response = this.tenant.get("/api/v1/jobs/" + jobId + "/callbacks");
		assertThat(response.status()).as(response.toString()).isEqualTo(200);
		return response.json().get("items");
	}

	private JsonNode awaitDeliveryStatus(String jobId, String status, Duration timeout) {
		Instant deadline = Instant.now().plus(timeout);
		JsonNode items = deliveries(jobId);
		while (items.isEmpty() || !items.get(0).get("status").asString().equals(status)) {
			if (Instant.now().isAfter(deadline)) {
				throw new AssertionError(
						"delivery of " + jobId + " not " + status + " within " + timeout + ": " + items);
			}
			KilnClient.sleep(100);
			items = deliveries(jobId);
		}
		return items.get(0);
	}

	@Test
	void aSucceededJobSendsExactlyOneSignedNotice() throws Exception {
		String id = this.tenant.submit(TINY.formatted(url("/succeeded"), 3));
		JsonNode job = this.tenant.awaitEnd(id, Duration.ofMinutes(2));
		assertThat(job.get("status").asString()).as(job.toString()).isEqualTo("SUCCEEDED");

		Received notice = awaitRequests("/succeeded", 1, Duration.ofSeconds(20)).get(0);
		assertSignedWith(secret(), notice);
		JsonNode body = notice.json();
		assertThat(body.get("type").asString()).isEqualTo("job.succeeded");
		assertThat(notice.header("Kiln-Event-Type")).isEqualTo("job.succeeded");
		assertThat(notice.header("Kiln-Event-Id")).isEqualTo(body.get("id").asString());
		assertThat(notice.header("Content-Type")).isEqualTo("application/json");
		JsonNode shown = body.get("job");
		assertThat(shown.get("id").asString()).isEqualTo(id);
		assertThat(shown.get("name").asString()).isEqualTo("hooked");
		assertThat(shown.get("status").asString()).isEqualTo("SUCCEEDED");
		assertThat(shown.get("finishedAt").asString()).isEqualTo(job.get("finishedAt").asString());
		assertThat(shown.get("bestCheckpoint").get("id").asString()).isEqualTo(
				this.tenant.get("/api/v1/jobs/" + id + "/checkpoints").json().get("bestCheckpointId").asString());
		assertThat(shown.get("evaluation").get("accuracy").asDouble())
			.isEqualTo(job.get("evaluation").get("accuracy").asDouble());

		JsonNode delivery = awaitDeliveryStatus(id, "DELIVERED", Duration.ofSeconds(10));
		assertThat(delivery.get("id").asString()).isEqualTo(body.get("id").asString());
		assertThat(delivery.get("attemptLog")).extracting((a) -> a.get("statusCode").asInt()).containsExactly(200);
		// nothing more arrives later
		KilnClient.sleep(1500);
		assertThat(at("/succeeded")).hasSize(1);
	}

	@Test
	void aCancelledJobSendsACancelledNotice() throws Exception {
		String id = this.tenant.submit(TINY.formatted(url("/cancelled"), 100_000));
		this.tenant.awaitStatus(id, Set.of("RUNNING"), Duration.ofMinutes(2));
		assertThat(this.tenant.post("/api/v1/jobs/" + id + "/cancel", "").status()).isEqualTo(202);
		JsonNode job = this.tenant.awaitEnd(id, Duration.ofMinutes(1));
		assertThat(job.get("status").asString()).isEqualTo("CANCELLED");

		Received notice = awaitRequests("/cancelled", 1, Duration.ofSeconds(20)).get(0);
		assertSignedWith(secret(), notice);
		assertThat(notice.json().get("type").asString()).isEqualTo("job.cancelled");
		assertThat(notice.json().get("job").get("status").asString()).isEqualTo("CANCELLED");
	}

	@Test
	void aFailedJobSendsAFailedNoticeWithItsError() throws Exception {
		// as in TrainingApiIT: raw wine features, a linear output and plain SGD at a huge
		// rate diverge
		String spec = """
				{"dataset": "wine", "normalization": "none", "callback": {"url": "%s"},
				 "model": {"input": [13], "layers": [
				   {"type": "dense", "units": 8, "activation": "identity"},
				   {"type": "output", "units": 3, "activation": "identity", "loss": "mse"}]},
				 "training": {"epochs": 20, "batchSize": 8, "optimizer": {"type": "sgd", "learningRate": 10}}}"""
			.formatted(url("/failed"));
		String id = this.tenant.submit(spec);
		JsonNode job = this.tenant.awaitEnd(id, Duration.ofMinutes(2));
		assertThat(job.get("status").asString()).isEqualTo("FAILED");

		Received notice = awaitRequests("/failed", 1, Duration.ofSeconds(20)).get(0);
		assertSignedWith(secret(), notice);
		assertThat(notice.json().get("type").asString()).isEqualTo("job.failed");
		assertThat(notice.json().get("job").get("error").asString()).isEqualTo(job.get("error").asString())
			.startsWith("diverged at epoch");
	}

	@Test
	void aNoticeIsRetriedUntilTheReceiverAnswers2xx() throws Exception {
		this.answers.put("/flaky", new ArrayDeque<>(List.of(500, 500, 200)));
		String id = this.tenant.submit(TINY.formatted(url("/flaky"), 2));
		assertThat(this.tenant.awaitEnd(id, Duration.ofMinutes(2)).get("status").asString()).isEqualTo("SUCCEEDED");

		List<Received> attempts = awaitRequests("/flaky", 3, Duration.ofSeconds(30));
		String secret = secret();
		for (Received attempt : attempts) {
			assertSignedWith(secret, attempt);
		}
		// the same notice each time: one event id, the same bytes
		assertThat(attempts).extracting((r) -> r.header("Kiln-Event-Id"))
			.containsOnly(attempts.get(0).header("Kiln-Event-Id"));
		assertThat(attempts).extracting((r) -> new String(r.body(), StandardCharsets.UTF_8))
			.containsOnly(new String(attempts.get(0).body(), StandardCharsets.UTF_8));

		JsonNode delivery = awaitDeliveryStatus(id, "DELIVERED", Duration.ofSeconds(10));
		assertThat(delivery.get("attempts").asInt()).isEqualTo(3);
		assertThat(delivery.get("attemptLog")).extracting((a) -> a.get("statusCode").asInt())
			.containsExactly(500, 500, 200);
		List<Instant> times = new ArrayList<>();
		delivery.get("attemptLog").forEach((a) -> times.add(Instant.parse(a.get("at").asString())));
		// back-off: 200 ms less jitter, then 400 ms less jitter
		assertThat(Duration.between(times.get(0), times.get(1))).isGreaterThanOrEqualTo(Duration.ofMillis(100));
		assertThat(Duration.between(times.get(1), times.get(2))).isGreaterThanOrEqualTo(Duration.ofMillis(200));
		KilnClient.sleep(1000);
		assertThat(at("/flaky")).hasSize(3);
	}

	@Test
	void aDeadCallbackNeverChangesTheJob() throws Exception {
		int closed;
		try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getByName("127.0.0.1"))) {
			closed = socket.getLocalPort();
		}
		String id = this.tenant.submit(TINY.formatted("http://127.0.0.1:" + closed + "/gone", 2));
		JsonNode job = this.tenant.awaitEnd(id, Duration.ofMinutes(2));
		assertThat(job.get("status").asString()).isEqualTo("SUCCEEDED");

		// four attempts (kiln.webhooks.max-attempts in KilnServerIT), then given up
		JsonNode delivery = awaitDeliveryStatus(id, "FAILED", Duration.ofSeconds(30));
		assertThat(delivery.get("attempts").asInt()).isEqualTo(4);
		delivery.get("attemptLog").forEach((a) -> {
			assertThat(a.get("statusCode").isNull()).isTrue();
			assertThat(a.get("error").asString()).contains("ConnectException");
		});
		JsonNode after = this.tenant.get("/api/v1/jobs/" + id).json();
		assertThat(after.get("status").asString()).isEqualTo("SUCCEEDED");
		assertThat(after.get("updatedAt").asString()).isEqualTo(job.get("updatedAt").asString());
		assertThat(after.get("transitions")).isEqualTo(job.get("transitions"));
		assertThat(after.get("error").isNull()).isTrue();
	}

	@Test
	void disallowedCallbacksAreRefusedNamingTheField() {
		for (String url : List.of("http://169.254.169.254/latest/meta-data/", "http://10.0.0.1/hook",
				"http://127.0.0.2:8080/", "http://[::1]/", "http://0.0.0.0/", "file:///etc/passwd",
				"http://user:pass@127.0.0.1/")) {
			KilnClient.Response response = this.tenant.post("/api/v1/jobs", TINY.formatted(url, 2));
			assertThat(response.status()).as(url + ": " + response).isEqualTo(400);
			JsonNode errors = response.json().get("errors");
			assertThat(errors).as(url + ": " + response).hasSize(1);
			assertThat(errors.get(0).get("path").asString()).isEqualTo("$.callback.url");
			assertThat(errors.get(0).get("reason").asString()).isNotBlank();
		}
		JsonNode metadata = this.tenant.post("/api/v1/jobs", TINY.formatted("http://169.254.169.254/", 2)).json();
		assertThat(metadata.get("errors").get(0).get("reason").asString()).contains("link-local");
	}

	@Test
	void anotherTenantSeesNeitherTheDeliveriesNorTheSecret() {
		String id = this.tenant.submit(TINY.formatted(url("/private"), 2));
		KilnClient other = KilnClient.admin(this.port, DATA_DIR)
			.newTenant("webhooks-other-" + java.util.UUID.randomUUID());
		assertThat(other.get("/api/v1/jobs/" + id + "/callbacks").status()).isEqualTo(404);
		assertThat(other.get("/api/v1/webhooks/secret").json().get("secret").asString()).isNotEqualTo(secret());
		this.tenant.awaitEnd(id, Duration.ofMinutes(2));
	}

	@Test
	void aRotatedSecretSignsLaterNotices() throws Exception {
		String before = secret();
		KilnClient.Response rotated = this.tenant.post("/api/v1/webhooks/secret/rotate", "");
		assertThat(rotated.status()).isEqualTo(200);
		String after = rotated.json().get("secret").asString();
		assertThat(after).isNotEqualTo(before).startsWith("whsec_");
		assertThat(secret()).isEqualTo(after);

		String id = this.tenant.submit(TINY.formatted(url("/rotated"), 2));
		this.tenant.awaitEnd(id, Duration.ofMinutes(2));
		assertSignedWith(after, awaitRequests("/rotated", 1, Duration.ofSeconds(20)).get(0));
	}

}
