package dev.kiln.e2e;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The packaged jar, run as a separate process, loses no finished epoch and trains none
 * twice beyond the checkpoint interval when it is killed (SIGKILL) or stopped (SIGTERM)
 * in the middle of a job, and the next process on the same data folder finishes the job.
 */
class ProcessCrashIT {

	private static final int EPOCHS = 8;

	private static final Duration STARTUP = Duration.ofSeconds(120);

	private static final Duration TRAINING = Duration.ofSeconds(180);

	private static final Path LOGS = Path.of("target", "process-crash-it");

	@TempDir
	Path dataDir;

	private final List<Process> processes = new ArrayList<>();

	@AfterEach
	void destroyProcesses() throws InterruptedException {
		for (Process process : this.processes) {
			PackagedJar.kill(process);
		}
	}

	@Test
	void aJobKilledWithSigkillResumesFromItsNewestCheckpointAndTrainsEveryEpochOnce() throws Exception {
		Kiln first = start("sigkill-1");
		String id = first.client().submit(spec());
		awaitEpochs(first.client(), id, 3);

		first.process().destroyForcibly();
		assertThat(first.process().waitFor(30, TimeUnit.SECONDS)).as("the killed process exited").isTrue();
		assertThat(first.process().exitValue()).as("exit status of a process ended by SIGKILL (128 + 9)")
			.isEqualTo(137);

		Left left = leftInDatabase(id);
		assertThat(left.status()).as("a killed process cannot put its job back").isEqualTo("RUNNING");
		int k = left.newestCheckpoint();
		assertThat(k).as("newest checkpoint at the kill").isBetween(3, EPOCHS - 1);
		// the kill may land between an epoch's metrics row and its checkpoint: that row
		// is the only work that may be lost and trained again
		assertThat(left.metricEpochs()).isIn(epochs(1, k), epochs(1, k + 1));
		assertThat(left.metricAttempts()).containsOnly(1);

		Kiln second = start("sigkill-2");
		KilnClient kiln = second.client();
		JsonNode running = awaitRunningAgain(kiln, id);
		assertThat(running.get("attempt").asInt()).isEqualTo(2);
		JsonNode job = kiln.awaitEnd(id, TRAINING);

		assertThat(job.get("status").asString()).as(job.toString()).isEqualTo("SUCCEEDED");
		assertThat(job.get("attempt").asInt()).isEqualTo(2);
		assertThat(job.get("epoch").asInt()).isEqualTo(EPOCHS);
		JsonNode transitions = job.get("transitions");
		assertThat(transitions).extracting((t) -> t.get("to").asString())
			.containsExactly("QUEUED", "RUNNING", "QUEUED", "RUNNING", "SUCCEEDED");
		assertThat(transitions.get(2).get("from").asString()).isEqualTo("RUNNING");
		assertThat(transitions.get(2).get("reason").asString()).contains("interrupted", "restarted");
		assertEveryEpochOnce(kiln, id, k);
		assertThat(job.get("evaluation").get("accuracy").asDouble()).isGreaterThan(0.8);
	}

	@Test
	void aJobStoppedWithSigtermGoesBackToTheQueueAndResumesAfterTheRestart() throws Exception {
		Kiln first = start("sigterm-1");
		String id = first.client().submit(spec());
		awaitEpochs(first.client(), id, 3);
		// a client following the job live must not hold the shutdown up
		EventStream stream = EventStream.open(first.client().port(), first.client().apiKey(), id, null);
		assertThat(stream.status()).isEqualTo(200);
		CompletableFuture<List<EventStream.Event>> followed = CompletableFuture.supplyAsync(() -> {
			List<EventStream.Event> events = new ArrayList<>();
			for (EventStream.Event event = stream.next(); event != null; event = stream.next()) {
				events.add(event);
			}
			return events;
		});

		Instant stopping = Instant.now();
		first.process().destroy();
		assertThat(first.process().waitFor(60, TimeUnit.SECONDS))
			.as("Kiln exits within 60 s of SIGTERM; see %s", first.log())
			.isTrue();
		Duration shutdown = Duration.between(stopping, Instant.now());
		assertThat(first.process().exitValue()).as("exit status after SIGTERM (128 + 15); see %s", first.log())
			.isEqualTo(143);
		assertThat(Files.readAllLines(first.log())).as("errors in %s", first.log())
			.noneMatch((line) -> line.contains(" ERROR "));
		// ended by the server as a complete response (a cut connection would throw),
		// after
		// the replay of what had happened
		List<EventStream.Event> seen = followed.get(10, TimeUnit.SECONDS);
		stream.close();
		assertThat(seen).filteredOn((event) -> event.type().equals("epoch")).hasSizeGreaterThanOrEqualTo(3);

		Left left = leftInDatabase(id);
		assertThat(left.status()).as("the job went back to the queue before Kiln exited").isEqualTo("QUEUED");
		int e = left.newestCheckpoint();
		assertThat(e).isBetween(3, EPOCHS - 1);
		assertThat(left.metricEpochs()).as("every finished epoch is kept; the stopped one left no row")
			.isEqualTo(epochs(1, e));
		assertThat(left.metricAttempts()).containsOnly(1);

		Kiln second = start("sigterm-2");
		KilnClient kiln = second.client();
		JsonNode running = awaitRunningAgain(kiln, id);
		assertThat(running.get("attempt").asInt()).isEqualTo(2);
		JsonNode job = kiln.awaitEnd(id, TRAINING);

		assertThat(job.get("status").asString()).as(job.toString()).isEqualTo("SUCCEEDED");
		assertThat(job.get("attempt").asInt()).isEqualTo(2);
		JsonNode transitions = job.get("transitions");
		// no "Kiln restarted" requeue: the job was already QUEUED when the next process
		// started
		assertThat(transitions).extracting((t) -> t.get("to").asString())
			.containsExactly("QUEUED", "RUNNING", "QUEUED", "RUNNING", "SUCCEEDED");
		assertThat(transitions.get(2).get("from").asString()).isEqualTo("RUNNING");
		String reason = transitions.get(2).get("reason").asString();
		Matcher after = Pattern.compile("shut down after epoch (\\d+)").matcher(reason);
		assertThat(after.find()).as(reason).isTrue();
		assertThat(Integer.parseInt(after.group(1))).isEqualTo(e);
		assertThat(transitions.get(3).get("reason").asString()).contains("resume");
		assertEveryEpochOnce(kiln, id, e);
		assertThat(shutdown).as("graceful shutdown time").isLessThan(Duration.ofSeconds(60));
	}

	/**
	 * One metrics row per epoch, 1 to {@link #EPOCHS}: those up to {@code resumedAfter}
	 * from attempt 1, the others from attempt 2.
	 */
	private static void assertEveryEpochOnce(KilnClient kiln, String id, int resumedAfter) {
		JsonNode metrics = kiln.get("/api/v1/jobs/" + id + "/metrics").json().get("items");
		assertThat(metrics).extracting((m) -> m.get("epoch").asInt()).isEqualTo(epochs(1, EPOCHS));
		for (JsonNode row : metrics) {
			int epoch = row.get("epoch").asInt();
			assertThat(row.get("attempt").asInt()).as("attempt that recorded epoch %d", epoch)
				.isEqualTo((epoch <= resumedAfter) ? 1 : 2);
		}
	}

	private static List<Integer> epochs(int from, int to) {
		return IntStream.rangeClosed(from, to).boxed().toList();
	}

	private static String spec() {
		ObjectNode spec = (ObjectNode) KilnClient.JSON.readTree(KilnClient.example("digits8x8-cnn.json"));
		((ObjectNode) spec.get("training")).put("epochs", EPOCHS);
		ObjectNode checkpoints = (ObjectNode) spec.get("checkpoints");
		checkpoints.put("every", 1);
		return spec.toString();
	}

	private static void awaitEpochs(KilnClient kiln, String id, int epochs) {
		Instant deadline = Instant.now().plus(TRAINING);
		JsonNode job = kiln.get("/api/v1/jobs/" + id).json();
		while (job.get("epoch").asInt() < epochs) {
			assertThat(job.get("status").asString()).as(job.toString()).isIn("QUEUED", "RUNNING");
			assertThat(Instant.now()).as("job %s has not finished %d epochs", id, epochs).isBefore(deadline);
			KilnClient.sleep(20);
			job = kiln.get("/api/v1/jobs/" + id).json();
		}
	}

	/** Waits until the restarted process has claimed the job again. */
	private static JsonNode awaitRunningAgain(KilnClient kiln, String id) {
		Instant deadline = Instant.now().plus(TRAINING);
		while (true) {
			JsonNode job = kiln.get("/api/v1/jobs/" + id).json();
			if (job.get("attempt").asInt() >= 2) {
				assertThat(job.get("status").asString()).as("the job is running again: %s", job).isEqualTo("RUNNING");
				return job;
			}
			assertThat(Instant.now()).as("job %s was not claimed again: %s", id, job).isBefore(deadline);
			KilnClient.sleep(20);
		}
	}

	/** What a stopped process left in the data folder's database. */
	record Left(String status, int newestCheckpoint, List<Integer> metricEpochs, List<Integer> metricAttempts) {
	}

	private Left leftInDatabase(String id) throws SQLException {
		String url = "jdbc:h2:file:" + this.dataDir.resolve("db").resolve("kiln").toAbsolutePath()
				+ ";IFEXISTS=TRUE;AUTO_SERVER=FALSE";
		try (Connection db = DriverManager.getConnection(url, "kiln", "")) {
			UUID job = UUID.fromString(id);
			String status;
			try (PreparedStatement query = db.prepareStatement("select status from job where id = ?")) {
				query.setObject(1, job);
				try (ResultSet rows = query.executeQuery()) {
					assertThat(rows.next()).isTrue();
					status = rows.getString(1);
				}
			}
			int newest;
			try (PreparedStatement query = db
				.prepareStatement("select coalesce(max(epoch), 0) from checkpoint where job_id = ?")) {
				query.setObject(1, job);
				try (ResultSet rows = query.executeQuery()) {
					rows.next();
					newest = rows.getInt(1);
				}
			}
			List<Integer> epochs = new ArrayList<>();
			List<Integer> attempts = new ArrayList<>();
			try (PreparedStatement query = db
				.prepareStatement("select epoch, attempt from epoch_metric where job_id = ? order by epoch")) {
				query.setObject(1, job);
				try (ResultSet rows = query.executeQuery()) {
					while (rows.next()) {
						epochs.add(rows.getInt(1));
						attempts.add(rows.getInt(2));
					}
				}
			}
			return new Left(status, newest, epochs, attempts);
		}
	}

	record Kiln(Process process, KilnClient client, Path log) {
	}

	/** Starts the packaged jar on the test's data folder and waits until it is UP. */
	private Kiln start(String name) throws IOException {
		Files.createDirectories(LOGS);
		Path log = LOGS.resolve(name + ".log");
		int port = PackagedJar.freePort();
		String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
		Process process = new ProcessBuilder(java, "-Xmx1g", "-jar", PackagedJar.executable().toString(),
				"--server.port=" + port, "--kiln.data-dir=" + this.dataDir.toAbsolutePath(),
				// one native thread: a CNN on every core slows down many times over when
				// other builds share the machine
				"--kiln.engine.threads=1")
			.redirectErrorStream(true)
			.redirectOutput(log.toFile())
			.start();
		this.processes.add(process);
		PackagedJar.awaitReady(process, port, log, STARTUP);
		return new Kiln(process, KilnClient.admin(port, this.dataDir), log);
	}

}
