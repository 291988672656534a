package dev.kiln.e2e;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;
import java.util.stream.IntStream;

import dev.kiln.KilnApplication;
import dev.kiln.testing.PostgresTestDatabase;
import dev.kiln.testing.TcpProxy;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two nodes (in-process, each its own Kiln with its own node id) on one PostgreSQL
 * database, reached through a TCP proxy the test cuts: an outage shorter than the lease
 * only pauses training (no job fails or is attempted again, every epoch is recorded once)
 * while the API answers 503 problem documents with {@code Retry-After}; an outage longer
 * than the lease makes every running job be recovered exactly once when the database is
 * back, and resumed from its newest checkpoint.
 */
@EnabledIfEnvironmentVariable(named = PostgresTestDatabase.URL_VARIABLE, matches = ".+")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DatabaseOutageIT {

	/**
	 * After the outage the connection pool takes up to 5 s more to connect again
	 * (HikariCP's back-off between attempts grows to 5 s), and a heartbeat may be waiting
	 * for a connection (3 s) when it ends: a short outage must leave room for both.
	 */
	private static final Duration LEASE = Duration.ofSeconds(20);

	/** Longer than the pool's connection-timeout, so that requests sent in it fail. */
	private static final Duration SHORT_OUTAGE = Duration.ofSeconds(5);

	/** Beyond the lease and the heartbeat that finds it ran out. */
	private static final Duration LONG_OUTAGE = LEASE.plusSeconds(4);

	private static final int EPOCHS = 10;

	private static final Duration TRAINING = Duration.ofMinutes(4);

	/** What the API may take to answer while the database is away (it waits 3 s). */
	private static final Duration ANSWER_BOUND = Duration.ofSeconds(10);

	private static final Path FIGURES = Path.of("target", "database-outage-it", "figures.txt");

	private final Path dataDir = Path.of("target", "it-data", "outage-" + java.util.UUID.randomUUID()).toAbsolutePath();

	private PostgresTestDatabase database;

	private TcpProxy proxy;

	private ConfigurableApplicationContext nodeA;

	private ConfigurableApplicationContext nodeB;

	private KilnClient kilnA;

	private KilnClient kilnB;

	private final ExecutorService clients = Executors.newCachedThreadPool();

	@BeforeAll
	void startTwoNodesBehindTheProxy() throws IOException {
		this.database = PostgresTestDatabase.create("outage");
		this.proxy = new TcpProxy(this.database.serverAddress());
		this.nodeA = start("node-a");
		// node-b looks every key up, so that its requests need the database before any
		// controller does
		this.nodeB = start("node-b", "--kiln.tenants.key-cache-ttl=0s");
		this.kilnA = client(this.nodeA);
		this.kilnB = client(this.nodeB);
		Files.createDirectories(FIGURES.getParent());
		Files.deleteIfExists(FIGURES);
	}

	@AfterAll
	void stopNodes() {
		this.clients.shutdownNow();
		if (this.proxy != null) {
			this.proxy.restore();
		}
		for (ConfigurableApplicationContext node : new ConfigurableApplicationContext[] { this.nodeB, this.nodeA }) {
			if (node != null) {
				node.close();
			}
		}
		if (this.proxy != null) {
			this.proxy.close();
		}
		if (this.database != null) {
			this.database.close();
		}
	}

	@Test
	void anOutageShorterThanTheLeasePausesTrainingAndTheApiAnswers503WithRetryAfter() throws Exception {
		List<String> ids = List.of(this.kilnA.submit(spec("short-a")), this.kilnB.submit(spec("short-b")));
		awaitTrainingOnBothNodes(ids);

		Instant cutAt = Instant.now();
		this.proxy.cut();
		KilnClient stranger = this.kilnB.withKey("kiln_" + "A".repeat(43));
		List<CompletableFuture<Answer>> answers = new ArrayList<>();
		KilnClient.sleep(500);
		answers.add(timed("GET a job on node-a (key remembered)", () -> this.kilnA.get("/api/v1/jobs/" + ids.get(0))));
		answers.add(timed("GET the jobs on node-b (key looked up)", () -> this.kilnB.get("/api/v1/jobs")));
		answers.add(timed("POST a job on node-a", () -> this.kilnA.post("/api/v1/jobs", spec("during-outage"))));
		answers.add(timed("an unknown key on node-b", () -> stranger.get("/api/v1/me")));
		List<Answer> answered = answers.stream().map(CompletableFuture::join).toList();
		KilnClient.sleep(Math.max(0, SHORT_OUTAGE.toMillis() - Duration.between(cutAt, Instant.now()).toMillis()));
		this.proxy.restore();
		Instant restoredAt = Instant.now();

		for (Answer answer : answered) {
			assertThat(answer.response().status()).as("%s: %s", answer.what(), answer.response()).isEqualTo(503);
			assertThat(answer.response().header("Content-Type")).startsWith("application/problem+json");
			assertThat(answer.response().header("Retry-After")).as(answer.what()).isEqualTo("5");
			JsonNode problem = answer.response().json();
			assertThat(problem.get("type").asString()).isEqualTo("/problems/database-unavailable");
			assertThat(problem.get("status").asInt()).isEqualTo(503);
			assertThat(answer.took()).as("time to answer %s", answer.what()).isLessThan(ANSWER_BOUND);
		}
		Duration slowest = answered.stream().map(Answer::took).max(Duration::compareTo).orElseThrow();

		List<Duration> stalls = new ArrayList<>();
		for (String id : ids) {
			JsonNode job = this.kilnA.awaitEnd(id, TRAINING);
			assertThat(job.get("status").asString()).as(job.toString()).isEqualTo("SUCCEEDED");
			assertThat(job.get("attempt").asInt()).as("attempts of %s", id).isEqualTo(1);
			assertThat(job.get("transitions")).extracting((t) -> t.get("to").asString())
				.containsExactly("QUEUED", "RUNNING", "SUCCEEDED");
			JsonNode metrics = oneRowPerEpoch(id);
			stalls.add(longestGapBetweenEpochs(metrics));
		}
		record("outage shorter than the lease: %d ms cut (lease %d s); 503s answered in %d ms at most; "
				+ "longest gap between two epochs of a job across the cut: %s ms (an epoch otherwise takes %d ms);"
				+ " restored %s", Duration.between(cutAt, restoredAt).toMillis(), LEASE.toSeconds(), slowest.toMillis(),
				stalls.stream().map(Duration::toMillis).toList(), typicalEpochMillis(ids), restoredAt);
	}

	@Test
	void anOutageLongerThanTheLeaseRecoversEachRunningJobExactlyOnce() throws Exception {
		List<String> ids = List.of(this.kilnA.submit(spec("long-a")), this.kilnB.submit(spec("long-b")));
		awaitTrainingOnBothNodes(ids);
		List<Integer> epochsBeforeCut = ids.stream()
			.map((id) -> this.kilnA.get("/api/v1/jobs/" + id).json().get("epoch").asInt())
			.toList();

		Instant cutAt = Instant.now();
		this.proxy.cut();
		KilnClient.sleep(LONG_OUTAGE.toMillis());
		this.proxy.restore();
		Instant restoredAt = Instant.now();

		List<String> figures = new ArrayList<>();
		for (int i = 0; i < ids.size(); i++) {
			String id = ids.get(i);
			JsonNode job = this.kilnA.awaitEnd(id, TRAINING);
			assertThat(job.get("status").asString()).as(job.toString()).isEqualTo("SUCCEEDED");
			assertThat(job.get("transitions")).as("one recovery of %s", id)
				.extracting((t) -> t.get("to").asString())
				.containsExactly("QUEUED", "RUNNING", "QUEUED", "RUNNING", "SUCCEEDED");
			JsonNode attempts = job.get("attempts");
			assertThat(attempts).hasSize(2);
			assertThat(attempts.get(0).get("outcome").asString()).isEqualTo("interrupted");
			assertThat(attempts.get(0).get("reason").asString()).contains("lease", "expired");
			Instant firstEnded = Instant.parse(attempts.get(0).get("endedAt").asString());
			Instant secondStarted = Instant.parse(attempts.get(1).get("startedAt").asString());
			assertThat(firstEnded).as("the attempts of %s overlap", id).isBeforeOrEqualTo(secondStarted);
			assertThat(firstEnded).as("recovered only once the database was back").isAfter(restoredAt);

			// the first attempt wrote nothing once its lease ran out: the second resumed
			// after the newest epoch the first one recorded
			JsonNode metrics = oneRowPerEpoch(id);
			int resumedAfter = 0;
			for (JsonNode row : metrics) {
				if (row.get("attempt").asInt() == 1) {
					resumedAfter = row.get("epoch").asInt();
				}
			}
			for (JsonNode row : metrics) {
				assertThat(row.get("attempt").asInt()).as("attempt recording epoch %s", row.get("epoch"))
					.isEqualTo((row.get("epoch").asInt() <= resumedAfter) ? 1 : 2);
			}
			assertThat(resumedAfter).as("epochs kept from the first attempt")
				.isGreaterThanOrEqualTo(epochsBeforeCut.get(i));
			figures.add(String.format(
					"%s: epoch %d recorded before the cut, resumed after epoch %d, back in training %d ms after"
							+ " the database",
					job.get("name").asString(), epochsBeforeCut.get(i), resumedAfter,
					Duration.between(restoredAt, secondStarted).toMillis()));
		}
		record("outage longer than the lease: %d ms cut (lease %d s); %s",
				Duration.between(cutAt, restoredAt).toMillis(), LEASE.toSeconds(), figures);
	}

	private ConfigurableApplicationContext start(String nodeId, String... more) {
		List<String> arguments = new ArrayList<>(List.of("--server.port=0", "--kiln.data-dir=" + this.dataDir,
				"--spring.datasource.url=" + this.database.urlThrough(this.proxy.port()),
				"--spring.datasource.username=" + PostgresTestDatabase.user(),
				"--spring.datasource.password=" + PostgresTestDatabase.password(), "--kiln.node.id=" + nodeId,
				"--kiln.jobs.workers=1", "--kiln.jobs.lease-duration=" + LEASE.toSeconds() + "s",
				"--kiln.jobs.heartbeat-interval=1s", "--kiln.engine.threads=1"));
		arguments.addAll(List.of(more));
		return new SpringApplicationBuilder(KilnApplication.class).run(arguments.toArray(String[]::new));
	}

	private KilnClient client(ConfigurableApplicationContext node) {
		return KilnClient.admin(node.getEnvironment().getRequiredProperty("local.server.port", Integer.class),
				this.dataDir);
	}

	private static String spec(String name) {
		ObjectNode spec = (ObjectNode) KilnClient.JSON.readTree(KilnClient.example("digits8x8-cnn.json"));
		spec.put("name", name);
		((ObjectNode) spec.get("training")).put("epochs", EPOCHS);
		return spec.toString();
	}

	/** Waits until each job trains on a node of its own and has recorded two epochs. */
	private void awaitTrainingOnBothNodes(List<String> ids) {
		Instant deadline = Instant.now().plus(TRAINING);
		while (true) {
			List<String> nodes = new ArrayList<>();
			for (String id : ids) {
				JsonNode job = this.kilnA.get("/api/v1/jobs/" + id).json();
				JsonNode attempts = job.get("attempts");
				if ("RUNNING".equals(job.get("status").asString()) && job.get("epoch").asInt() >= 2) {
					String owner = attempts.get(attempts.size() - 1).get("node").asString();
					nodes.add(owner.substring(0, owner.indexOf('/')));
				}
			}
			if (nodes.size() == ids.size() && nodes.stream().distinct().count() == ids.size()) {
				return;
			}
			assertThat(Instant.now()).as("the jobs did not train on both nodes: %s", nodes).isBefore(deadline);
			KilnClient.sleep(50);
		}
	}

	private JsonNode oneRowPerEpoch(String id) {
		JsonNode metrics = this.kilnA.get("/api/v1/jobs/" + id + "/metrics").json().get("items");
		assertThat(metrics).as("one metrics row per epoch of %s", id)
			.extracting((m) -> m.get("epoch").asInt())
			.isEqualTo(IntStream.rangeClosed(1, EPOCHS).boxed().toList());
		return metrics;
	}

	private static Duration longestGapBetweenEpochs(JsonNode metrics) {
		Duration longest = Duration.ZERO;
		for (int i = 1; i < metrics.size(); i++) {
			Duration gap = Duration.between(Instant.parse(metrics.get(i - 1).get("recordedAt").asString()),
					Instant.parse(metrics.get(i).get("recordedAt").asString()));
			longest = (gap.compareTo(longest) > 0) ? gap : longest;
		}
		return longest;
	}

	private long typicalEpochMillis(List<String> ids) {
		List<Double> seconds = new ArrayList<>();
		for (String id : ids) {
			this.kilnA.get("/api/v1/jobs/" + id + "/metrics")
				.json()
				.get("items")
				.forEach((row) -> seconds.add(row.get("seconds").asDouble()));
		}
		seconds.sort(Double::compareTo);
		return Math.round(seconds.get(seconds.size() / 2) * 1000);
	}

	private record Answer(String what, KilnClient.Response response, Duration took) {
	}

	/** Sends a request on a thread of its own, measuring how long its answer takes. */
	private CompletableFuture<Answer> timed(String what, Supplier<KilnClient.Response> request) {
		return CompletableFuture.supplyAsync(() -> {
			long start = System.nanoTime();
			KilnClient.Response response = request.get();
			return new Answer(what, response, Duration.ofNanos(System.nanoTime() - start));
		}, this.clients);
	}

	/** The figures the documentation quotes, printed and kept under target. */
	private static void record(String format, Object... arguments) throws IOException {
		String line = String.format(format, arguments);
		System.out.println("[database outage] " + line);
		Files.writeString(FIGURES, line + System.lineSeparator(), StandardOpenOption.CREATE, StandardOpenOption.APPEND);
	}

}
