package dev.kiln.e2e;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A spec's stop conditions (early stopping, maxRuntime, maxQueueWait) over HTTP, and the
 * node's resource limits at submission.
 */
class StopConditionsIT extends KilnServerIT {

	private static ObjectNode spec(String example, int epochs, String stopping) {
		ObjectNode spec = (ObjectNode) KilnClient.JSON.readTree(KilnClient.example(example));
		((ObjectNode) spec.get("training")).put("epochs", epochs);
		spec.set("stopping", KilnClient.JSON.readTree(stopping));
		return spec;
	}

	private static JsonNode last(JsonNode transitions) {
		return transitions.get(transitions.size() - 1);
	}

	private static Instant at(JsonNode job, String status) {
		for (JsonNode transition : job.get("transitions")) {
			if (status.equals(transition.get("to").asString())) {
				return Instant.parse(transition.get("at").asString());
			}
		}
		throw new AssertionError("no transition to " + status + " in " + job);
	}

	@Test
	void earlyStoppingEndsSucceededBeforeTheLastEpochWithItsReason() {
		// no epoch can improve the validation loss by 10: training stops after epoch 1 +
		// 3
		String id = this.kiln.submit(spec("iris-mlp.json", 60,
				"{\"earlyStopping\": {\"metric\": \"validationLoss\", \"patience\": 3, \"minDelta\": 10}}")
			.toString());

		JsonNode job = this.kiln.awaitEnd(id, Duration.ofSeconds(60));
		assertThat(job.get("status").asString()).as(job.toString()).isEqualTo("SUCCEEDED");
		assertThat(job.get("epoch").asInt()).isEqualTo(4);
		assertThat(last(job.get("transitions")).get("reason").asString())
			.startsWith("stopped early at epoch 4: validationLoss did not improve by at least 10.0 for 3 epoch(s)")
			.contains("best epoch 1");
		assertThat(job.get("evaluation").get("accuracy").isNumber()).isTrue();
		assertThat(this.kiln.get("/api/v1/jobs/" + id + "/metrics").json().get("items")).hasSize(4);
		JsonNode checkpoints = this.kiln.get("/api/v1/jobs/" + id + "/checkpoints").json().get("items");
		assertThat(checkpoints.get(checkpoints.size() - 1).get("epoch").asInt()).isEqualTo(4);
	}

	@Test
	void maxRuntimeFailsARunningJobWithinSecondsOfItsLimit() {
		String id = this.kiln.submit(spec("digits8x8-cnn.json", 1000, "{\"maxRuntime\": \"PT2S\"}").toString());

		JsonNode job = this.kiln.awaitEnd(id, Duration.ofSeconds(60));
		assertThat(job.get("status").asString()).as(job.toString()).isEqualTo("FAILED");
		assertThat(job.get("error").asString()).startsWith("exceeded maxRuntime of PT2S after epoch ");
		assertThat(last(job.get("transitions")).get("reason").asString()).isEqualTo(job.get("error").asString());
		Duration ran = Duration.between(at(job, "RUNNING"), at(job, "FAILED"));
		assertThat(ran).isBetween(Duration.ofSeconds(2), Duration.ofSeconds(6));
		if (job.get("epoch").asInt() > 0) {
			assertThat(this.kiln.get("/api/v1/jobs/" + id + "/checkpoints").json().get("items")).isNotEmpty();
		}
	}

	@Test
	void maxQueueWaitCancelsAJobStillQueuedBehindALongOne() {
		String running = this.kiln.submit(spec("digits8x8-cnn.json", 1000, "{\"maxRuntime\": \"PT20S\"}").toString());
		String waiting = this.kiln.submit(spec("iris-mlp.json", 5, "{\"maxQueueWait\": \"PT1S\"}").toString());
		try {
			JsonNode job = this.kiln.awaitEnd(waiting, Duration.ofSeconds(15));
			assertThat(job.get("status").asString()).as(job.toString()).isEqualTo("CANCELLED");
			assertThat(job.get("attempt").asInt()).isZero();
			assertThat(last(job.get("transitions")).get("reason").asString())
				.isEqualTo("waited longer than maxQueueWait of PT1S in the queue without starting");
			assertThat(Duration.between(at(job, "QUEUED"), at(job, "CANCELLED"))).isBetween(Duration.ofSeconds(1),
					Duration.ofSeconds(5));
		}
		finally {
			this.kiln.post("/api/v1/jobs/" + running + "/cancel", "");
			this.kiln.awaitEnd(running, Duration.ofSeconds(30));
		}
	}

	@Test
	void aSpecOverTheNodesMemoryIsRefusedWithTheNumbersAlsoInADryRun() {
		// 65,536 units on minibatches of 65,536: activations alone take 16 GiB
		String spec = """
				{"dataset": "digits8x8", "model": {"input": [64], "layers": [
				  {"type": "dense", "units": 65536}, {"type": "output", "units": 10}]},
				 "training": {"batchSize": 65536}}""";
		for (String path : new String[] { "/api/v1/jobs", "/api/v1/jobs?dryRun=true" }) {
			KilnClient.Response response = this.kiln.post(path, spec);
			assertThat(response.status()).as(response.toString()).isEqualTo(400);
			JsonNode error = response.json().get("errors").get(0);
			assertThat(error.get("path").asString()).isEqualTo("$.model");
			assertThat(error.get("reason").asString())
				.matches("training the model on minibatches of 65,536 needs about [0-9,]+ bytes \\([0-9.]+ GiB\\)"
						+ " \\(DL4J's estimate\\); this node allows at most [0-9,]+ bytes .*");
		}
	}

	@Test
	void aModelOverTheParameterLimitIsRefusedWithTheNumbers() {
		String spec = """
				{"dataset": "digits8x8", "model": {"input": [64], "layers": [
				  {"type": "dense", "units": 60000}, {"type": "dense", "units": 60000},
				  {"type": "output", "units": 10}]}}""";
		KilnClient.Response response = this.kiln.post("/api/v1/jobs", spec);
		assertThat(response.status()).as(response.toString()).isEqualTo(400);
		JsonNode error = response.json().get("errors").get(0);
		assertThat(error.get("path").asString()).isEqualTo("$.model");
		assertThat(error.get("reason").asString())
			.isEqualTo("the model has 3,604,560,010 parameters; at most 100,000,000 are allowed");
	}

	@Test
	void aStopConditionThatIsNotAnIsoDurationIsRefusedByPath() {
		KilnClient.Response response = this.kiln.post("/api/v1/jobs",
				spec("iris-mlp.json", 5, "{\"maxRuntime\": \"30m\"}").toString());
		assertThat(response.status()).isEqualTo(400);
		assertThat(response.json().get("errors").get(0).get("path").asString()).isEqualTo("$.stopping.maxRuntime");
	}

}
