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
import java.time.OffsetDateTime;
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
 * Restarts after progress never use up the job's attempts (kiln.jobs.max-attempts, 3);
 * crashes before any progress do.
 */
class ProcessCrashIT {

	private static final int EPOCHS = 20;

	private static final Duration STARTUP = Duration.ofSeconds(240);

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

	private enum Stop {

		SIGKILL, SIGTERM

	}

	/**
	 * What one restart cost: the training since the newest checkpoint, done again, and
	 * the time until the job ran again.
	 */
	private record Restart(Stop stop, int resumedAfter, Duration lostTraining, double epochSeconds,
			Duration untilExited, Duration untilRunningAgain) {

		@Override
		public String toString() {
			return String.format(
					"%s after epoch %d: %.2f s of training lost (%.2f of a %.2f s epoch); the process exited %.1f s"
							+ " after the stop, the job ran again %.1f s after it",
					this.stop, this.resumedAfter, seconds(this.lostTraining),
					seconds(this.lostTraining) / this.epochSeconds, this.epochSeconds, seconds(this.untilExited),
					seconds(this.untilRunningAgain));
		}

		private static double seconds(Duration duration) {
			return duration.toMillis() / 1000.0;
		}

	}

	@Test
	void aJobWhoseNodeRestartsFiveTimesAfterProgressSucceedsWithEveryEpochTrainedOnce() throws Exception {
		List<Stop> stops = List.of(Stop.SIGKILL, Stop.SIGTERM, Stop.SIGKILL, Stop.SIGTERM, Stop.SIGKILL);
		Kiln kiln = start("restart-1");
		String id = kiln.client().submit(spec(EPOCHS, 1));
		List<Integer> resumedAfter = new ArrayList<>();
		List<Restart> restarts = new ArrayList<>();
		int resumed = 0;
		for (int i = 0; i < stops.size(); i++) {
			int attempt = i + 1;
			// progress: a checkpoint newer than the one this attempt resumed from; then
			// stop it in the middle of an epoch, as a deploy would
			JsonNode last = awaitEpochs(kiln.client(), id, resumed + 1);
			double epochSeconds = last.get("seconds").asDouble();
			KilnClient.sleep((long) (epochSeconds * 500));
			Instant stopped = Instant.now();
			int newest = (stops.get(i) == Stop.SIGKILL) ? kill(kiln, id, attempt) : terminate(kiln, id, attempt);
			Instant exited = Instant.now();
			assertThat(newest).as("newest checkpoint when attempt %d stopped", attempt)
				.isGreaterThan(resumed)
				.isLessThan(EPOCHS);
			Left left = leftInDatabase(id);
			// a killed run stops at once; a shut down one at its next iteration, when it
			// is
			// requeued
			Instant trainingStopped = (stops.get(i) == Stop.SIGKILL) ? stopped : left.requeuedAt();

			kiln = start("restart-" + (attempt + 1));
			awaitRunningAgain(kiln.client(), id, attempt + 1);
			restarts.add(new Restart(stops.get(i), newest, Duration.between(left.newestRecordedAt(), trainingStopped),
					epochSeconds, Duration.between(stopped, exited), Duration.between(stopped, Instant.now())));
			resumedAfter.add(newest);
			resumed = newest;
		}
		JsonNode job = kiln.client().awaitEnd(id, TRAINING);
		report(restarts);

		assertThat(job.get("status").asString()).as(job.toString()).isEqualTo("SUCCEEDED");
		assertThat(job.get("attempt").asInt()).isEqualTo(6);
		assertThat(job.get("epoch").asInt()).isEqualTo(EPOCHS);
		JsonNode attempts = job.get("attempts");
		assertThat(attempts).extracting((a) -> a.get("counted").asBoolean()).containsOnly(false);
		for (int i = 0; i < stops.size(); i++) {
			assertThat(attempts.get(i).get("countReason").asString()).as("attempt %d", i + 1)
				.isEqualTo((stops.get(i) == Stop.SIGTERM) ? "the node shut down: does not count"
						: "interrupted after reaching checkpoint of epoch " + resumedAfter.get(i) + ": does not count");
		}
		JsonNode transitions = job.get("transitions");
		assertThat(transitions).extracting((t) -> t.get("to").asString())
			.containsExactly("QUEUED", "RUNNING", "QUEUED", "RUNNING", "QUEUED", "RUNNING", "QUEUED", "RUNNING",
					"QUEUED", "RUNNING", "QUEUED", "RUNNING", "SUCCEEDED");
		for (int i = 0; i < stops.size(); i++) {
			JsonNode requeued = transitions.get(2 + 2 * i);
			assertThat(requeued.get("from").asString()).isEqualTo("RUNNING");
			String reason = requeued.get("reason").asString();
			if (stops.get(i) == Stop.SIGKILL) {
				assertThat(reason).contains("interrupted", "restarted");
			}
			else {
				Matcher after = Pattern.compile("shut down after epoch (\\d+)").matcher(reason);
				assertThat(after.find()).as(reason).isTrue();
				assertThat(Integer.parseInt(after.group(1))).isEqualTo(resumedAfter.get(i));
			}
			assertThat(transitions.get(3 + 2 * i).get("reason").asString()).contains("resume");
		}
		assertEveryEpochOnce(kiln.client(), id, resumedAfter);
		assertThat(job.get("evaluation").get("accuracy").asDouble()).isGreaterThan(0.8);
	}

	@Test
	void aJobWhoseProcessIsKilledBeforeAnyProgressThreeTimesFailsNamingItsCountedAttempts() throws Exception {
		// its only checkpoint comes after its last epoch, minutes away
		Kiln kiln = start("no-progress-1");
		String id = kiln.client().submit(spec(200, 200));
		for (int attempt = 1; attempt <= 3; attempt++) {
			awaitRunningAgain(kiln.client(), id, attempt);
			assertThat(kill(kiln, id, attempt)).as("checkpoints when attempt %d was killed", attempt).isZero();
			kiln = start("no-progress-" + (attempt + 1));
		}
		JsonNode job = kiln.client().awaitEnd(id, TRAINING);

		assertThat(job.get("status").asString()).as(job.toString()).isEqualTo("FAILED");
		assertThat(job.get("attempt").asInt()).isEqualTo(3);
		assertThat(job.get("error").asString())
			.startsWith("gave up after 3 counted attempts; the last one was interrupted before reaching a new"
					+ " checkpoint: ")
			.contains("attempt 3", "restarted");
		JsonNode attempts = job.get("attempts");
		assertThat(attempts).extracting((a) -> a.get("counted").asBoolean()).containsExactly(true, true, true);
		assertThat(attempts).extracting((a) -> a.get("countReason").asString())
			.containsExactly("interrupted before any new checkpoint: counts (1 of 3)",
					"interrupted before any new checkpoint: counts (2 of 3)",
					"interrupted before any new checkpoint: counts (3 of 3)");
		assertThat(attempts).extracting((a) -> a.get("outcome").asString())
			.containsExactly("interrupted", "interrupted", "failed");
	}

	/**
	 * Kills the process (SIGKILL) and checks what it left.
	 * @return the epoch of the newest checkpoint
	 */
	private int kill(Kiln kiln, String id, int attempt) throws Exception {
		kiln.process().destroyForcibly();
		assertThat(kiln.process().waitFor(30, TimeUnit.SECONDS)).as("the killed process exited").isTrue();
		assertThat(kiln.process().exitValue()).as("exit status of a process ended by SIGKILL (128 + 9)").isEqualTo(137);
		Left left = leftInDatabase(id);
		assertThat(left.status()).as("a killed process cannot put its job back").isEqualTo("RUNNING");
		int k = left.newestCheckpoint();
		if (k > 0) {
			// an epoch's metrics row and its checkpoint row commit together
			assertThat(left.metricEpochs()).isEqualTo(epochs(1, k));
			assertThat(left.metricAttempts()).allSatisfy((a) -> assertThat(a).isBetween(1, attempt));
		}
		return k;
	}

	/**
	 * Stops the process (SIGTERM) while a client follows the job live, and checks that it
	 * put the job back in the queue and exited cleanly.
	 * @return the epoch of the newest checkpoint
	 */
	private int terminate(Kiln kiln, String id, int attempt) throws Exception {
		// a client following the job live must not hold the shutdown up
		EventStream stream = EventStream.open(kiln.client().port(), kiln.client().apiKey(), id, null);
		assertThat(stream.status()).isEqualTo(200);
		CompletableFuture<List<EventStream.Event>> followed = CompletableFuture.supplyAsync(() -> {
			List<EventStream.Event> events = new ArrayList<>();
			for (EventStream.Event event = stream.next(); event != null; event = stream.next()) {
				events.add(event);
			}
			return events;
		});

		Instant stopping = Instant.now();
		kiln.process().destroy();
		assertThat(kiln.process().waitFor(60, TimeUnit.SECONDS))
			.as("Kiln exits within 60 s of SIGTERM; see %s", kiln.log())
			.isTrue();
		Duration shutdown = Duration.between(stopping, Instant.now());
		assertThat(kiln.process().exitValue()).as("exit status after SIGTERM (128 + 15); see %s", kiln.log())
			.isEqualTo(143);
		assertThat(Files.readAllLines(kiln.log())).as("errors in %s", kiln.log())
			.noneMatch((line) -> line.contains(" ERROR "));
		// ended by the server as a complete response (a cut connection would throw),
		// after the replay of what had happened
		List<EventStream.Event> seen = followed.get(10, TimeUnit.SECONDS);
		stream.close();
		assertThat(seen).filteredOn((event) -> event.type().equals("epoch")).isNotEmpty();
		assertThat(shutdown).as("graceful shutdown time").isLessThan(Duration.ofSeconds(60));

		Left left = leftInDatabase(id);
		assertThat(left.status()).as("the job went back to the queue before Kiln exited").isEqualTo("QUEUED");
		int e = left.newestCheckpoint();
		assertThat(left.metricEpochs()).as("every finished epoch is kept; the stopped one left no row")
			.isEqualTo(epochs(1, e));
		assertThat(left.metricAttempts()).allSatisfy((a) -> assertThat(a).isBetween(1, attempt));
		return e;
	}

	/** Prints what each restart cost, and keeps it next to the logs. */
	private static void report(List<Restart> restarts) throws IOException {
		List<String> lines = restarts.stream().map(Restart::toString).toList();
		lines.forEach((line) -> System.out.println("ProcessCrashIT restart: " + line));
		Files.write(LOGS.resolve("restarts.txt"), lines);
	}

	/**
	 * One metrics row per epoch, 1 to {@link #EPOCHS}, each from the attempt that trained
	 * it: attempt {@code n + 1} resumed after epoch {@code resumedAfter[n - 1]}.
	 */
	private static void assertEveryEpochOnce(KilnClient kiln, String id, List<Integer> resumedAfter) {
		JsonNode metrics = kiln.get("/api/v1/jobs/" + id + "/metrics").json().get("items");
		assertThat(metrics).extracting((m) -> m.get("epoch").asInt()).isEqualTo(epochs(1, EPOCHS));
		for (JsonNode row : metrics) {
			int epoch = row.get("epoch").asInt();
			int attempt = 1 + (int) resumedAfter.stream().filter((after) -> epoch > after).count();
			assertThat(row.get("attempt").asInt()).as("attempt that recorded epoch %d", epoch).isEqualTo(attempt);
		}
	}

	private static List<Integer> epochs(int from, int to) {
		return IntStream.rangeClosed(from, to).boxed().toList();
	}

	private static String spec(int epochs, int checkpointEvery) {
		ObjectNode spec = (ObjectNode) KilnClient.JSON.readTree(KilnClient.example("digits8x8-cnn.json"));
		((ObjectNode) spec.get("training")).put("epochs", epochs);
		ObjectNode checkpoints = (ObjectNode) spec.get("checkpoints");
		checkpoints.put("every", checkpointEvery);
		return spec.toString();
	}

	/**
	 * Waits until the job has finished {@code epochs} epochs; returns the last one's
	 * metrics.
	 */
	private static JsonNode awaitEpochs(KilnClient kiln, String id, int epochs) {
		Instant deadline = Instant.now().plus(TRAINING);
		JsonNode job = kiln.get("/api/v1/jobs/" + id).json();
		while (job.get("epoch").asInt() < epochs) {
			assertThat(job.get("status").asString()).as(job.toString()).isIn("QUEUED", "RUNNING");
			assertThat(Instant.now()).as("job %s has not finished %d epochs", id, epochs).isBefore(deadline);
			KilnClient.sleep(20);
			job = kiln.get("/api/v1/jobs/" + id).json();
		}
		JsonNode metrics = kiln.get("/api/v1/jobs/" + id + "/metrics").json().get("items");
		return metrics.get(metrics.size() - 1);
	}

	/** Waits until a process has claimed the job for attempt {@code attempt}. */
	private static JsonNode awaitRunningAgain(KilnClient kiln, String id, int attempt) {
		Instant deadline = Instant.now().plus(TRAINING);
		while (true) {
			JsonNode job = kiln.get("/api/v1/jobs/" + id).json();
			if (job.get("attempt").asInt() >= attempt) {
				assertThat(job.get("status").asString()).as("the job is running again: %s", job).isEqualTo("RUNNING");
				assertThat(job.get("attempt").asInt()).isEqualTo(attempt);
				return job;
			}
			assertThat(job.get("status").asString()).as(job.toString()).isIn("QUEUED", "RUNNING");
			assertThat(Instant.now()).as("job %s was not claimed again: %s", id, job).isBefore(deadline);
			KilnClient.sleep(20);
		}
	}

	/** What a stopped process left in the data folder's database. */
	record Left(String status, int newestCheckpoint, List<Integer> metricEpochs, List<Integer> metricAttempts,
			Instant newestRecordedAt, Instant requeuedAt) {
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
			Instant recordedAt = null;
			try (PreparedStatement query = db.prepareStatement(
					"select epoch, attempt, recorded_at from epoch_metric where job_id = ? order by epoch")) {
				query.setObject(1, job);
				try (ResultSet rows = query.executeQuery()) {
					while (rows.next()) {
						epochs.add(rows.getInt(1));
						attempts.add(rows.getInt(2));
						recordedAt = rows.getObject(3, OffsetDateTime.class).toInstant();
					}
				}
			}
			Instant requeuedAt = null;
			try (PreparedStatement query = db.prepareStatement("select max(at) from job_transition"
					+ " where job_id = ? and from_status = 'RUNNING' and to_status = 'QUEUED'")) {
				query.setObject(1, job);
				try (ResultSet rows = query.executeQuery()) {
					rows.next();
					OffsetDateTime at = rows.getObject(1, OffsetDateTime.class);
					requeuedAt = (at != null) ? at.toInstant() : null;
				}
			}
			return new Left(status, newest, epochs, attempts, recordedAt, requeuedAt);
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
