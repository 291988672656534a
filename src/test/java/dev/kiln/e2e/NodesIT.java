package dev.kiln.e2e;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The node registry and device placement over HTTP, on the shared test server: one CPU
 * node (this build has no GPU) with one worker.
 */
class NodesIT extends KilnServerIT {

	/** Iris, long enough to be seen running; cancelled by the test. */
	private static final String LONG_CPU_JOB = """
			{"name": "nodes-long", "dataset": "iris", "device": "cpu",
			 "model": {"input": [4], "layers": [{"type": "dense", "units": 8}, {"type": "output"}]},
			 "training": {"epochs": 50000, "batchSize": 8},
			 "checkpoints": {"every": 10000, "keepLast": 1}}""";

	private static final String SHORT_JOB = """
			{"name": "nodes-%s", "dataset": "iris", "device": "%s",
			 "model": {"input": [4], "layers": [{"type": "dense", "units": 8}, {"type": "output"}]},
			 "training": {"epochs": 3, "batchSize": 16}%s}""";

	private static String shortJob(String device) {
		return SHORT_JOB.formatted(device, device, "");
	}

	private JsonNode nodes() {
		KilnClient.Response response = this.kiln.get("/api/v1/nodes");
		assertThat(response.status()).as(response.toString()).isEqualTo(200);
		return response.json().get("items");
	}

	/** This server's own entry: the one alive node whose workers train. */
	private JsonNode thisNode() {
		List<JsonNode> alive = new ArrayList<>();
		nodes().forEach((node) -> {
			if (node.get("alive").asBoolean()) {
				alive.add(node);
			}
		});
		assertThat(alive).hasSize(1);
		return alive.get(0);
	}

	private JsonNode awaitThisNode(Predicate<JsonNode> condition, String what) {
		Instant deadline = Instant.now().plusSeconds(30);
		JsonNode node = thisNode();
		while (!condition.test(node)) {
			if (Instant.now().isAfter(deadline)) {
				throw new AssertionError("this node never showed " + what + ": " + node);
			}
			KilnClient.sleep(100);
			node = thisNode();
		}
		return node;
	}

	private static List<String> texts(JsonNode array) {
		List<String> texts = new ArrayList<>();
		array.forEach((item) -> texts.add(item.asString()));
		return texts;
	}

	@Test
	void theNodeListShowsThisCpuNodeItsFreeWorkersAndTheJobItRuns() {
		String id = this.kiln.submit(LONG_CPU_JOB);
		try {
			seeItRunAndStop(id);
		}
		finally {
			// never leave the shared server's only worker busy
			this.kiln.post("/api/v1/jobs/" + id + "/cancel", "");
		}
	}

	private void seeItRunAndStop(String id) {
		this.kiln.awaitStatus(id, Set.of("RUNNING"), Duration.ofMinutes(3));

		JsonNode busy = awaitThisNode(
				(node) -> texts(node.get("runningJobs")).contains(id) && node.get("freeWorkers").asInt() == 0,
				"the running job and no free worker");
		assertThat(busy.get("devices")).hasSize(1);
		assertThat(busy.get("devices").get(0).get("kind").asString()).isEqualTo("cpu");
		// the GPU fields (compute capability, supported, why not) are left out for the
		// CPU
		assertThat(busy.get("devices").get(0).propertyNames()).containsExactlyInAnyOrder("kind", "index", "name");
		assertThat(busy.get("workers").asInt()).isEqualTo(1);
		assertThat(texts(busy.get("serves"))).containsExactly("cpu", "any");
		assertThat(busy.get("instance").asString()).startsWith(busy.get("nodeId").asString() + "/");
		assertThat(busy.get("role").asString()).isEqualTo("all");
		assertThat(Instant.parse(busy.get("lastHeartbeat").asString()))
			.isAfter(Instant.parse(busy.get("startedAt").asString()).minusMillis(1));
		// the attempt names the same process the node list does
		JsonNode job = this.kiln.get("/api/v1/jobs/" + id).json();
		assertThat(job.get("attempts").get(0).get("node").asString()).isEqualTo(busy.get("instance").asString());
		assertThat(job.get("waitingFor").isNull()).isTrue();

		assertThat(this.kiln.post("/api/v1/jobs/" + id + "/cancel", "").status()).isEqualTo(202);
		this.kiln.awaitEnd(id, Duration.ofMinutes(1));
		JsonNode idle = awaitThisNode(
				(node) -> node.get("runningJobs").isEmpty() && node.get("freeWorkers").asInt() == 1,
				"a free worker again");
		assertThat(idle.get("workers").asInt()).isEqualTo(1);
	}

	@Test
	void aGpuJobOnACpuOnlyClusterStaysQueuedWithItsReasonWhileCpuAndAnyJobsTrain() {
		String gpu = this.kiln.submit(shortJob("gpu"));
		String cpu = this.kiln.submit(shortJob("cpu"));
		String any = this.kiln.submit(shortJob("any"));

		assertThat(this.kiln.awaitEnd(cpu, Duration.ofMinutes(3)).get("status").asString()).isEqualTo("SUCCEEDED");
		assertThat(this.kiln.awaitEnd(any, Duration.ofMinutes(3)).get("status").asString()).isEqualTo("SUCCEEDED");

		JsonNode waiting = this.kiln.get("/api/v1/jobs/" + gpu).json();
		assertThat(waiting.get("status").asString()).isEqualTo("QUEUED");
		assertThat(waiting.get("attempt").asInt()).isZero();
		assertThat(waiting.get("error").isNull()).isTrue();
		assertThat(waiting.get("waitingFor").asString()).startsWith("no live node has a GPU");
		assertThat(waiting.get("spec").get("device").asString()).isEqualTo("gpu");
		assertThat(waiting.get("transitions")).hasSize(1);
		assertThat(waiting.get("transitions").get(0).get("to").asString()).isEqualTo("QUEUED");
		// neither failed nor given to the CPU's worker, which has been free all along
		assertThat(texts(thisNode().get("runningJobs"))).doesNotContain(gpu);

		assertThat(this.kiln.post("/api/v1/jobs/" + gpu + "/cancel", "").json().get("status").asString())
			.isEqualTo("CANCELLED");
		assertThat(this.kiln.get("/api/v1/jobs/" + gpu).json().get("waitingFor").isNull()).isTrue();
	}

	@Test
	void maxQueueWaitStillCancelsAJobNoNodeCanServe() {
		String gpu = this.kiln
			.submit(SHORT_JOB.formatted("gpu", "gpu", ", \"stopping\": {\"maxQueueWait\": \"PT1S\"}"));

		JsonNode ended = this.kiln.awaitEnd(gpu, Duration.ofSeconds(30));

		assertThat(ended.get("status").asString()).isEqualTo("CANCELLED");
		assertThat(ended.get("attempt").asInt()).isZero();
		assertThat(ended.get("transitions").get(1).get("reason").asString())
			.isEqualTo("waited longer than maxQueueWait of PT1S in the queue without starting");
	}

	@Test
	void aDeviceNoNodeKnowsIsRefusedNamingTheField() {
		for (String device : new String[] { "\"tpu\"", "5" }) {
			KilnClient.Response response = this.kiln.post("/api/v1/jobs",
					SHORT_JOB.formatted("bad", "x", "").replace("\"device\": \"x\"", "\"device\": " + device));
			assertThat(response.status()).as(response.toString()).isEqualTo(400);
			assertThat(response.json().get("errors")).as(response.toString())
				.extracting((error) -> error.get("path").asString())
				.contains("$.device");
		}
	}

	@Test
	void theApiDocumentDescribesTheDeviceAndTheNodeList() {
		JsonNode api = this.kiln.withKey(null).get("/v3/api-docs").json();
		JsonNode device = api.get("components").get("schemas").get("JobSpec").get("properties").get("device");
		assertThat(texts(device.get("enum"))).containsExactly("gpu", "cpu", "any");
		assertThat(device.get("description").asString()).contains("no live node");
		JsonNode nodes = api.get("paths").get("/api/v1/nodes").get("get");
		assertThat(nodes.get("responses").get("403").get("content").has("application/problem+json")).isTrue();
		assertThat(api.get("components").get("schemas").get("JobResponse").get("properties").has("waitingFor"))
			.isTrue();
	}

	@Test
	void onlyAdminKeysSeeTheNodes() {
		KilnClient member = this.kiln.newTenant("nodes-member-" + System.nanoTime());
		KilnClient.Response refused = member.get("/api/v1/nodes");
		assertThat(refused.status()).isEqualTo(403);
		assertThat(refused.header("Content-Type")).startsWith("application/problem+json");
		assertThat(refused.json().get("type").asString()).isEqualTo("/problems/admin-key-required");

		assertThat(this.kiln.withKey(null).get("/api/v1/nodes").status()).isEqualTo(401);
	}

}
