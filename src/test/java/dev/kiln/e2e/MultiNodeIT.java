package dev.kiln.e2e;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import dev.kiln.testing.PostgresTestDatabase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two Kiln processes from the packaged jar on one PostgreSQL database and one shared data
 * folder, started at the same moment: they agree on one admin key and one set of built-in
 * datasets, share the queue (each trains one job at a time, no job is claimed twice), and
 * when one is killed with SIGKILL the other resumes its job from the newest checkpoint
 * once the lease expires.
 */
@EnabledIfEnvironmentVariable(named = PostgresTestDatabase.URL_VARIABLE, matches = ".+")
class MultiNodeIT {

	private static final int JOBS = 4;

	private static final int EPOCHS = 16;

	private static final Duration STARTUP = Duration.ofSeconds(180);

	private static final Duration TRAINING = Duration.ofSeconds(300);

	private static final Path LOGS = Path.of("target", "multi-node-it");

	@TempDir
	Path sharedDataDir;

	private PostgresTestDatabase database;

	private final List<Process> processes = new ArrayList<>();

	/** The HTTP port of each process, in the same order. */
	private final List<Integer> ports = new ArrayList<>();

	@BeforeEach
	void createDatabase() {
		this.database = PostgresTestDatabase.create("nodes");
	}

	@AfterEach
	void stopNodesAndDropDatabase() throws InterruptedException {
		for (Process process : this.processes) {
			PackagedJar.kill(process);
		}
		this.database.close();
	}

	@Test
	void twoNodesShareTheQueueAndTheSurvivorResumesAKilledNodesJobFromItsCheckpoint() throws Exception {
		// started together on an empty database: both race to migrate, register the
		// built-in datasets and make the first admin key
		Process a = launch("node-a");
		Process b = launch("node-b");
		int portA = awaitUp(a, "node-a");
		int portB = awaitUp(b, "node-b");

		assertThat(count("select count(*) from api_key")).as("admin keys made by two nodes").isOne();
		assertThat(count("select count(*) from dataset where source = 'builtin'")).isEqualTo(3);
		KilnClient nodeA = KilnClient.admin(portA, this.sharedDataDir);
		KilnClient nodeB = KilnClient.admin(portB, this.sharedDataDir);
		assertThat(nodeA.get("/api/v1/me").status()).as("the key in the shared file works on node-a").isEqualTo(200);
		assertThat(nodeB.get("/api/v1/me").status()).as("the key in the shared file works on node-b").isEqualTo(200);

		List<String> ids = new ArrayList<>();
		for (int i = 0; i < JOBS; i++) {
			ids.add(((i % 2 == 0) ? nodeA : nodeB).submit(spec(i)));
		}

		// kill node-b while it trains a job that has written a checkpoint, early enough
		// that the job has epochs left
		String victim = awaitJobOnNodeWithCheckpoint(nodeA, ids, "node-b/");
		b.destroyForcibly();
		assertThat(b.waitFor(30, TimeUnit.SECONDS)).isTrue();
		int k = newestCheckpoint(victim);
		assertThat(k).as("newest checkpoint of the killed node's job").isBetween(1, EPOCHS - 1);

		List<JsonNode> ended = new ArrayList<>();
		for (String id : ids) {
			ended.add(nodeA.awaitEnd(id, TRAINING));
		}

		Set<String> nodes = new HashSet<>();
		for (JsonNode job : ended) {
			String id = job.get("id").asString();
			assertThat(job.get("status").asString()).as(job.toString()).isEqualTo("SUCCEEDED");
			JsonNode attempts = job.get("attempts");
			for (JsonNode attempt : attempts) {
				String owner = attempt.get("node").asString();
				nodes.add(owner.substring(0, owner.indexOf('/')));
			}
			// never held by two at once: each attempt ended before the next began
			for (int i = 1; i < attempts.size(); i++) {
				Instant previousEnd = Instant.parse(attempts.get(i - 1).get("endedAt").asString());
				Instant nextStart = Instant.parse(attempts.get(i).get("startedAt").asString());
				assertThat(previousEnd).as("attempts of %s overlap: %s", id, attempts).isBeforeOrEqualTo(nextStart);
			}
			JsonNode metrics = nodeA.get("/api/v1/jobs/" + id + "/metrics").json().get("items");
			assertThat(metrics).as("one metrics row per epoch of %s", id)
				.extracting((m) -> m.get("epoch").asInt())
				.isEqualTo(IntStream.rangeClosed(1, EPOCHS).boxed().toList());
			if (!id.equals(victim)) {
				assertThat(attempts).as("%s was never interrupted", id).hasSize(1);
			}
		}
		assertThat(nodes).as("nodes that ran attempts").containsExactlyInAnyOrder("node-a", "node-b");

		JsonNode resumed = ended.get(ids.indexOf(victim));
		JsonNode attempts = resumed.get("attempts");
		assertThat(attempts).hasSize(2);
		assertThat(attempts.get(0).get("node").asString()).startsWith("node-b/");
		assertThat(attempts.get(0).get("outcome").asString()).isEqualTo("interrupted");
		assertThat(attempts.get(0).get("reason").asString()).contains("lease", "expired");
		// node-a told from the database that node-b's attempt had reached a new
		// checkpoint
		assertThat(attempts.get(0).get("counted").asBoolean()).isFalse();
		assertThat(attempts.get(0).get("countReason").asString())
			.isEqualTo("interrupted after reaching checkpoint of epoch " + k + ": does not count");
		assertThat(attempts.get(1).get("node").asString()).startsWith("node-a/");
		assertThat(attempts.get(1).get("outcome").asString()).isEqualTo("succeeded");
		// resumed from checkpoint k: epochs up to k were trained once, by attempt 1
		for (JsonNode row : nodeA.get("/api/v1/jobs/" + victim + "/metrics").json().get("items")) {
			int epoch = row.get("epoch").asInt();
			assertThat(row.get("attempt").asInt()).as("attempt that recorded epoch %d (checkpoint at %d)", epoch, k)
				.isEqualTo((epoch <= k) ? 1 : 2);
		}
	}

	/**
	 * A job of several epochs on a built-in dataset, a checkpoint every second epoch, so
	 * a kill usually lands after some epochs that have no checkpoint yet.
	 */
	private static String spec(int i) {
		ObjectNode spec = (ObjectNode) KilnClient.JSON.readTree(KilnClient.example("digits8x8-cnn.json"));
		spec.put("name", "multi-node-" + i);
		((ObjectNode) spec.get("training")).put("epochs", EPOCHS);
		((ObjectNode) spec.get("checkpoints")).put("every", 2);
		return spec.toString();
	}

	/**
	 * Waits for a job running on {@code nodePrefix} with a checkpoint written and at
	 * least a quarter of its epochs left; answers its id.
	 */
	private static String awaitJobOnNodeWithCheckpoint(KilnClient kiln, List<String> ids, String nodePrefix) {
		Instant deadline = Instant.now().plus(TRAINING);
		while (true) {
			for (String id : ids) {
				JsonNode job = kiln.get("/api/v1/jobs/" + id).json();
				JsonNode attempts = job.get("attempts");
				boolean runningThere = "RUNNING".equals(job.get("status").asString()) && !attempts.isEmpty()
						&& attempts.get(attempts.size() - 1).get("node").asString().startsWith(nodePrefix);
				int epoch = job.get("epoch").asInt();
				if (runningThere && epoch >= 2 && epoch <= EPOCHS * 3 / 4) {
					return id;
				}
			}
			assertThat(Instant.now()).as("no job ran on %s with a checkpoint", nodePrefix).isBefore(deadline);
			KilnClient.sleep(50);
		}
	}

	private int newestCheckpoint(String jobId) throws SQLException {
		try (Connection db = this.database.connect();
				PreparedStatement query = db
					.prepareStatement("select coalesce(max(epoch), 0) from checkpoint where job_id = ?")) {
			query.setObject(1, UUID.fromString(jobId));
			try (ResultSet rows = query.executeQuery()) {
				rows.next();
				return rows.getInt(1);
			}
		}
	}

	private int count(String sql) throws SQLException {
		try (Connection db = this.database.connect();
				Statement statement = db.createStatement();
				ResultSet rows = statement.executeQuery(sql)) {
			rows.next();
			return rows.getInt(1);
		}
	}

	/**
	 * Starts the packaged jar as node {@code nodeId} on the shared folder and database.
	 */
	private Process launch(String nodeId) throws IOException {
		Files.createDirectories(LOGS);
		int port = PackagedJar.freePort();
		String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
		Process process = new ProcessBuilder(java, "-Xmx768m", "-jar", PackagedJar.executable().toString(),
				"--server.port=" + port, "--kiln.data-dir=" + this.sharedDataDir.toAbsolutePath(),
				"--spring.datasource.url=" + this.database.url(),
				"--spring.datasource.username=" + PostgresTestDatabase.user(),
				"--spring.datasource.password=" + PostgresTestDatabase.password(), "--kiln.node.id=" + nodeId,
				"--kiln.jobs.workers=1", "--kiln.jobs.lease-duration=4s", "--kiln.jobs.heartbeat-interval=1s",
				// one native thread: two nodes share the machine with the build
				"--kiln.engine.threads=1")
			.redirectErrorStream(true)
			.redirectOutput(LOGS.resolve(nodeId + ".log").toFile())
			.start();
		this.processes.add(process);
		this.ports.add(port);
		return process;
	}

	/** Waits until the node is UP; answers its port. */
	private int awaitUp(Process process, String nodeId) {
		int port = this.ports.get(this.processes.indexOf(process));
		PackagedJar.awaitReady(process, port, LOGS.resolve(nodeId + ".log"), STARTUP);
		return port;
	}

}
