package dev.kiln.e2e;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import dev.kiln.e2e.EventStream.Event;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/**
 * {@code GET /api/v1/jobs/{id}/events} followed over real HTTP while a real job trains:
 * live state, progress and epoch events, reconnection with {@code Last-Event-ID}, the
 * replay of a finished job, and who may follow what.
 */
class JobEventsIT extends KilnServerIT {

	private static final Duration TIMEOUT = Duration.ofSeconds(120);

	private String digits(int epochs) {
		ObjectNode spec = (ObjectNode) KilnClient.JSON.readTree(KilnClient.example("digits8x8-cnn.json"));
		((ObjectNode) spec.get("training")).put("epochs", epochs);
		return this.kiln.submit(spec.toString());
	}

	private EventStream open(String jobId, String lastEventId) {
		return EventStream.open(this.port, this.kiln.apiKey(), jobId, lastEventId);
	}

	/** Reads a stream until the server closes it. */
	private static List<Event> readToEnd(EventStream stream) {
		List<Event> events = new ArrayList<>();
		for (Event event = stream.next(); event != null; event = stream.next()) {
			events.add(event);
		}
		return events;
	}

	private static List<Event> stored(List<Event> events) {
		return events.stream().filter((e) -> e.id() != null).toList();
	}

	@Test
	void aClientFollowsATrainingJobLiveUntilItEndsAndTheStreamCloses() {
		String id = digits(3);
		assertTimeoutPreemptively(TIMEOUT, () -> {
			List<Event> events = new ArrayList<>();
			JsonNode jobWhileRunning = null;
			try (EventStream stream = open(id, null)) {
				assertThat(stream.status()).isEqualTo(200);
				assertThat(stream.contentType()).startsWith("text/event-stream");
				for (Event event = stream.next(); event != null; event = stream.next()) {
					events.add(event);
					if (jobWhileRunning == null && event.type().equals("progress")) {
						jobWhileRunning = this.kiln.get("/api/v1/jobs/" + id).json();
					}
				}
			}

			List<String> states = events.stream()
				.filter((e) -> e.type().equals("state"))
				.map((e) -> e.json().get("status").asString())
				.toList();
			assertThat(states).containsExactly("QUEUED", "RUNNING", "SUCCEEDED");
			JsonNode running = events.stream()
				.filter((e) -> e.type().equals("state") && e.json().get("status").asString().equals("RUNNING"))
				.findFirst()
				.orElseThrow()
				.json();
			assertThat(running.get("from").asString()).isEqualTo("QUEUED");
			assertThat(running.get("reason").asString()).startsWith("claimed by ");
			assertThat(running.get("at").asString()).isNotBlank();
			// the same as the job's recorded transitions
			JsonNode transitions = this.kiln.get("/api/v1/jobs/" + id).json().get("transitions");
			List<Event> stateEvents = events.stream().filter((e) -> e.type().equals("state")).toList();
			assertThat(stateEvents).hasSize(transitions.size());
			for (int i = 0; i < transitions.size(); i++) {
				JsonNode event = stateEvents.get(i).json();
				JsonNode transition = transitions.get(i);
				assertThat(event.get("status")).isEqualTo(transition.get("to"));
				assertThat(event.get("from")).isEqualTo(transition.get("from"));
				assertThat(event.get("reason")).isEqualTo(transition.get("reason"));
				assertThat(Instant.parse(event.get("at").asString()))
					.isEqualTo(Instant.parse(transition.get("at").asString()));
			}

			List<Event> epochs = events.stream().filter((e) -> e.type().equals("epoch")).toList();
			assertThat(epochs).extracting((e) -> e.json().get("epoch").asInt()).containsExactly(1, 2, 3);
			JsonNode metrics = this.kiln.get("/api/v1/jobs/" + id + "/metrics").json().get("items");
			for (int i = 0; i < 3; i++) {
				assertThat(epochs.get(i).json()).isEqualTo(metrics.get(i));
			}

			List<JsonNode> progress = events.stream()
				.filter((e) -> e.type().equals("progress"))
				.map(Event::json)
				.toList();
			assertThat(progress).isNotEmpty();
			assertThat(events.stream().filter((e) -> e.type().equals("progress")).map(Event::id)).containsOnlyNulls();
			JsonNode first = progress.get(0);
			assertThat(first.get("epochs").asInt()).isEqualTo(3);
			assertThat(first.get("epoch").asInt()).isBetween(1, 3);
			assertThat(first.get("iterationsPerEpoch").asInt()).isPositive();
			assertThat(first.get("iteration").asInt()).isBetween(1, first.get("iterationsPerEpoch").asInt());
			assertThat(first.get("iterations").asLong()).isPositive();
			assertThat(first.get("samplesPerSecond").asDouble()).isPositive();
			assertThat(first.get("elapsedSeconds").asDouble()).isPositive();
			assertThat(first.get("etaSeconds").isNumber()).as(first.toString()).isTrue();
			assertThat(first.get("etaSeconds").asDouble()).isPositive();

			List<Long> ids = stored(events).stream().map(Event::id).toList();
			assertThat(ids).isSorted().doesNotHaveDuplicates();
			// the event that ends the job comes last
			assertThat(events.get(events.size() - 1).type()).isEqualTo("state");

			assertThat(jobWhileRunning).isNotNull();
			if (jobWhileRunning.get("status").asString().equals("RUNNING")) {
				JsonNode live = jobWhileRunning.get("progress");
				assertThat(live.get("epochs").asInt()).as(jobWhileRunning.toString()).isEqualTo(3);
				assertThat(live.get("iterations").asLong()).isPositive();
			}
			assertThat(this.kiln.get("/api/v1/jobs/" + id).json().get("progress").isNull()).isTrue();
		});
	}

	/**
	 * The reconnect contract: what a client got before it disconnected, plus what it got
	 * after reconnecting with the last id it saw, is exactly the job's stored history.
	 */
	@Test
	void aClientThatReconnectsWithLastEventIdGetsExactlyTheEventsItMissed() {
		String id = digits(5);
		assertTimeoutPreemptively(TIMEOUT, () -> {
			List<Event> before = new ArrayList<>();
			try (EventStream stream = open(id, null)) {
				// QUEUED, RUNNING and the first epoch, then hang up
				while (before.stream().noneMatch((e) -> e.type().equals("epoch"))) {
					Event event = stream.next();
					assertThat(event).as("stream closed early after %s", before).isNotNull();
					before.add(event);
				}
			}
			Long lastSeen = stored(before).get(stored(before).size() - 1).id();
			// miss at least one more epoch while disconnected
			this.kiln.awaitStatus(id, Set.of("SUCCEEDED", "FAILED", "CANCELLED", "RUNNING"), TIMEOUT);
			while (this.kiln.get("/api/v1/jobs/" + id).json().get("epoch").asInt() < 3) {
				KilnClient.sleep(50);
			}

			List<Event> after;
			try (EventStream stream = open(id, Long.toString(lastSeen))) {
				assertThat(stream.status()).isEqualTo(200);
				after = readToEnd(stream);
			}
			assertThat(stored(after)).isNotEmpty();
			assertThat(stored(after).get(0).id()).isGreaterThan(lastSeen);

			List<Event> replay;
			try (EventStream stream = open(id, null)) {
				replay = readToEnd(stream);
			}
			assertThat(replay).as("a finished job's stream replays only stored events").allMatch((e) -> e.id() != null);

			List<Event> union = new ArrayList<>(stored(before));
			union.addAll(stored(after));
			assertThat(union).containsExactlyElementsOf(replay);
			assertThat(replay).filteredOn((e) -> e.type().equals("epoch"))
				.extracting((e) -> e.json().get("epoch").asInt())
				.containsExactly(1, 2, 3, 4, 5);
			assertThat(replay.get(replay.size() - 1).json().get("status").asString()).isEqualTo("SUCCEEDED");
		});
	}

	@Test
	void aFinishedJobsStreamReplaysItsHistoryAndCloses() {
		String id = this.kiln.submit(KilnClient.example("iris-mlp.json"));
		this.kiln.awaitEnd(id, TIMEOUT);
		assertTimeoutPreemptively(Duration.ofSeconds(30), () -> {
			List<Event> replay;
			try (EventStream stream = open(id, null)) {
				replay = readToEnd(stream);
			}
			int epochs = this.kiln.get("/api/v1/jobs/" + id).json().get("epoch").asInt();
			assertThat(replay).filteredOn((e) -> e.type().equals("epoch")).hasSize(epochs);
			assertThat(replay.get(0).json().get("status").asString()).isEqualTo("QUEUED");
			assertThat(replay.get(0).json().get("from").isNull()).isTrue();
			assertThat(replay.get(replay.size() - 1).json().get("status").asString()).isEqualTo("SUCCEEDED");

			// after the last id there is nothing left: the stream closes at once, empty
			try (EventStream stream = open(id, Long.toString(replay.get(replay.size() - 1).id()))) {
				assertThat(readToEnd(stream)).isEmpty();
			}
		});
	}

	@Test
	void anotherTenantGets404AndNoKeyGets401() {
		String id = this.kiln.submit(KilnClient.example("iris-mlp.json"));
		KilnClient other = this.kiln.newTenant("events-outsider");
		try (EventStream stream = EventStream.open(this.port, other.apiKey(), id, null)) {
			assertThat(stream.status()).isEqualTo(404);
			assertThat(stream.contentType()).startsWith("application/problem+json");
			assertThat(stream.body()).contains("\"status\":404");
		}
		try (EventStream stream = EventStream.open(this.port, null, id, null)) {
			assertThat(stream.status()).isEqualTo(401);
			assertThat(stream.contentType()).startsWith("application/problem+json");
		}
		this.kiln.awaitEnd(id, TIMEOUT);
	}

	@Test
	void aMalformedLastEventIdIsABadRequestNamingTheHeader() {
		String id = this.kiln.submit(KilnClient.example("iris-mlp.json"));
		for (String bad : List.of("abc", "-1", "1.5")) {
			try (EventStream stream = open(id, bad)) {
				assertThat(stream.status()).as(bad).isEqualTo(400);
				String body = stream.body();
				assertThat(body).contains("Last-Event-ID");
			}
		}
		this.kiln.awaitEnd(id, TIMEOUT);
	}

}
