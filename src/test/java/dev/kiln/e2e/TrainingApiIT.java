package dev.kiln.e2e;

import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The spine, end to end over real HTTP: Kiln on a random port with its embedded defaults
 * (H2 file database, CPU, a data folder), training real DL4J networks on the built-in
 * datasets.
 */
class TrainingApiIT extends KilnServerIT {

	@Test
	void anMlpTrainsOnIrisToHighTestAccuracyAndPredicts() throws Exception {
		String id = this.kiln.submit(KilnClient.example("iris-mlp.json"));

		JsonNode job = this.kiln.awaitEnd(id, Duration.ofMinutes(3));
		assertThat(job.get("status").asString()).as(job.toString()).isEqualTo("SUCCEEDED");
		assertThat(job.get("epoch").asInt()).isEqualTo(60);
		assertThat(job.get("transitions")).extracting((t) -> t.get("to").asString())
			.containsExactly("QUEUED", "RUNNING", "SUCCEEDED");
		JsonNode evaluation = job.get("evaluation");
		assertThat(evaluation.get("accuracy").asDouble()).isGreaterThanOrEqualTo(0.90);
		assertThat(evaluation.get("labels")).extracting(JsonNode::asString)
			.containsExactly("setosa", "versicolor", "virginica");
		assertThat(evaluation.get("confusion")).hasSize(3);
		assertThat(evaluation.get("classes")).hasSize(3);

		// one metrics row per epoch, finite losses, validation loss falling overall
		JsonNode metrics = this.kiln.get("/api/v1/jobs/" + id + "/metrics").json().get("items");
		assertThat(metrics).hasSize(60);
		List<Double> validationLosses = new ArrayList<>();
		for (int i = 0; i < metrics.size(); i++) {
			JsonNode row = metrics.get(i);
			assertThat(row.get("epoch").asInt()).isEqualTo(i + 1);
			assertThat(row.get("trainLoss").isNumber()).as("finite train loss in " + row).isTrue();
			assertThat(row.get("validationLoss").isNumber()).as("finite validation loss in " + row).isTrue();
			assertThat(row.get("learningRate").asDouble()).isEqualTo(0.01);
			assertThat(row.get("samplesPerSecond").asDouble()).isPositive();
			validationLosses.add(row.get("validationLoss").asDouble());
		}
		assertThat(validationLosses.get(59)).isLessThan(validationLosses.get(0) * 0.5);

		// checkpoints: the best and the last two are kept; each download matches its
		// recorded sha256
		JsonNode checkpoints = this.kiln.get("/api/v1/jobs/" + id + "/checkpoints").json();
		JsonNode items = checkpoints.get("items");
		assertThat(items.size()).isBetween(2, 3);
		assertThat(items.get(items.size() - 1).get("epoch").asInt()).isEqualTo(60);
		for (JsonNode checkpoint : items) {
			KilnClient.Response download = this.kiln
				.get("/api/v1/checkpoints/" + checkpoint.get("id").asString() + "/download");
			assertThat(download.status()).isEqualTo(200);
			assertThat(download.header("Content-Type")).isEqualTo("application/zip");
			String sha256 = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(download.body()));
			assertThat(sha256).isEqualTo(checkpoint.get("sha256").asString());
			assertThat((long) download.body().length).isEqualTo(checkpoint.get("sizeBytes").asLong());
		}
		// checkpoint files live in the data folder, one folder per job
		try (java.util.stream.Stream<java.nio.file.Path> files = java.nio.file.Files
			.list(DATA_DIR.resolve("checkpoints").resolve(id))) {
			assertThat(files.filter((f) -> f.toString().endsWith(".zip"))).hasSize(items.size());
		}
		String best = checkpoints.get("bestCheckpointId").asString();
		assertThat(evaluation.get("checkpointId").asString()).isEqualTo(best);

		// predict with raw features: the job's standardisation is applied by Kiln
		KilnClient.Response prediction = this.kiln.post("/api/v1/jobs/" + id + "/predict",
				"{\"instances\": [[5.1, 3.5, 1.4, 0.2], [6.9, 3.1, 5.4, 2.1]]}");
		assertThat(prediction.status()).as(prediction.toString()).isEqualTo(200);
		JsonNode predictions = prediction.json().get("predictions");
		assertThat(predictions.get(0).get("label").asString()).isEqualTo("setosa");
		assertThat(predictions.get(1).get("label").asString()).isEqualTo("virginica");
		double sum = 0;
		for (JsonNode p : predictions.get(0).get("probabilities")) {
			sum += p.asDouble();
		}
		assertThat(sum).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-4));
		assertThat(prediction.json().get("checkpoint").asString()).isEqualTo(best);

		// a named checkpoint answers too; instances of the wrong shape are refused by
		// path
		String last = items.get(items.size() - 1).get("id").asString();
		KilnClient.Response named = this.kiln.post("/api/v1/jobs/" + id + "/predict",
				"{\"instances\": [[5.1, 3.5, 1.4, 0.2]], \"checkpoint\": \"" + last + "\"}");
		assertThat(named.json().get("checkpoint").asString()).isEqualTo(last);
		KilnClient.Response wrongShape = this.kiln.post("/api/v1/jobs/" + id + "/predict",
				"{\"instances\": [[5.1, 3.5, 1.4, 0.2], [1, 2, 3]]}");
		assertThat(wrongShape.status()).isEqualTo(400);
		assertThat(wrongShape.header("Content-Type")).startsWith("application/problem+json");
		assertThat(wrongShape.json().get("errors").get(0).get("path").asString()).isEqualTo("$.instances[1]");
	}

	@Test
	void aSmallCnnTrainsOnDigitsToHighTestAccuracyAndPredictsFromAnImage() {
		String id = this.kiln.submit(KilnClient.example("digits8x8-cnn.json"));

		JsonNode job = this.kiln.awaitEnd(id, Duration.ofMinutes(5));
		assertThat(job.get("status").asString()).as(job.toString()).isEqualTo("SUCCEEDED");
		assertThat(job.get("evaluation").get("accuracy").asDouble()).isGreaterThanOrEqualTo(0.90);
		JsonNode metrics = this.kiln.get("/api/v1/jobs/" + id + "/metrics").json().get("items");
		assertThat(metrics).hasSize(12);
		assertThat(metrics.get(11).get("learningRate").asDouble())
			.as("the exponential schedule lowered the learning rate")
			.isLessThan(metrics.get(0).get("learningRate").asDouble());

		// an 8x8 image as nested rows: a blank image still gets a full probability vector
		StringBuilder image = new StringBuilder("{\"instances\": [[");
		for (int y = 0; y < 8; y++) {
			image.append(y > 0 ? "," : "").append("[0,0,0,0,0,0,0,0]");
		}
		image.append("]]}");
		KilnClient.Response prediction = this.kiln.post("/api/v1/jobs/" + id + "/predict", image.toString());
		assertThat(prediction.status()).as(prediction.toString()).isEqualTo(200);
		assertThat(prediction.json().get("predictions").get(0).get("probabilities")).hasSize(10);
	}

	@Test
	void cancellingARunningJobStopsItWithinSecondsAndKeepsItsCheckpoints() {
		ObjectNode spec = (ObjectNode) KilnClient.JSON.readTree(KilnClient.example("digits8x8-cnn.json"));
		((ObjectNode) spec.get("training")).put("epochs", 5000);
		String id = this.kiln.submit(spec.toString());
		this.kiln.awaitStatus(id, Set.of("RUNNING"), Duration.ofMinutes(3));
		// at least one checkpoint, so that there is something to keep
		this.kiln.awaitCheckpoint(id, Duration.ofMinutes(2));

		Instant cancelledAt = Instant.now();
		KilnClient.Response cancel = this.kiln.post("/api/v1/jobs/" + id + "/cancel", "");
		assertThat(cancel.status()).isEqualTo(202);
		assertThat(cancel.json().get("status").asString()).isIn("CANCELLING", "CANCELLED");
		JsonNode job = this.kiln.awaitEnd(id, Duration.ofSeconds(20));

		assertThat(job.get("status").asString()).isEqualTo("CANCELLED");
		assertThat(Duration.between(cancelledAt, Instant.now())).isLessThan(Duration.ofSeconds(10));
		assertThat(job.get("epoch").asInt()).isLessThan(5000);
		assertThat(this.kiln.get("/api/v1/jobs/" + id + "/checkpoints").json().get("items")).isNotEmpty();
		KilnClient.Response again = this.kiln.post("/api/v1/jobs/" + id + "/cancel", "");
		assertThat(again.status()).isEqualTo(409);
		assertThat(again.json().get("type").asString()).isEqualTo("/problems/illegal-state-change");
	}

	@Test
	void aQueuedJobCanBeCancelledBeforeItStarts() {
		ObjectNode blocker = (ObjectNode) KilnClient.JSON.readTree(KilnClient.example("digits8x8-cnn.json"));
		((ObjectNode) blocker.get("training")).put("epochs", 5000);
		String running = this.kiln.submit(blocker.toString());
		String queued = this.kiln.submit(KilnClient.example("iris-mlp.json"));
		this.kiln.awaitStatus(running, Set.of("RUNNING"), Duration.ofMinutes(3));

		JsonNode cancelled = this.kiln.post("/api/v1/jobs/" + queued + "/cancel", "").json();
		assertThat(cancelled.get("status").asString()).isEqualTo("CANCELLED");
		assertThat(cancelled.get("startedAt").isNull()).isTrue();
		this.kiln.post("/api/v1/jobs/" + running + "/cancel", "");
		this.kiln.awaitEnd(running, Duration.ofSeconds(30));

		JsonNode list = this.kiln.get("/api/v1/jobs?status=CANCELLED&size=100").json();
		assertThat(list.get("items")).extracting((j) -> j.get("id").asString()).contains(queued, running);
	}

	@Test
	void aDivergingJobFailsWithTheEpochNamedAndItsLossStoredAsItIs() {
		// raw wine features (proline is in the thousands), a linear output and plain SGD
		// at a huge rate blow up
		String spec = """
				{"dataset": "wine", "normalization": "none",
				 "model": {"input": [13], "layers": [
				   {"type": "dense", "units": 8, "activation": "identity"},
				   {"type": "output", "units": 3, "activation": "identity", "loss": "mse"}]},
				 "training": {"epochs": 20, "batchSize": 8, "optimizer": {"type": "sgd", "learningRate": 10}}}""";
		String id = this.kiln.submit(spec);

		JsonNode job = this.kiln.awaitEnd(id, Duration.ofMinutes(2));
		assertThat(job.get("status").asString()).isEqualTo("FAILED");
		int epoch = job.get("epoch").asInt();
		assertThat(job.get("error").asString())
			.matches("diverged at epoch " + epoch + ": the training loss is (NaN|-?Infinity)");
		JsonNode metrics = this.kiln.get("/api/v1/jobs/" + id + "/metrics").json().get("items");
		assertThat(metrics).hasSize(epoch);
		assertThat(metrics.get(epoch - 1).get("trainLoss").asString()).isIn("NaN", "Infinity", "-Infinity");
		assertThat(epoch).isLessThan(20);
	}

	@Test
	void aModelOnOneHotEncodedColumnsPredictsFromRawCategories() {
		// the label follows the colour; size is noise
		StringBuilder csv = new StringBuilder("size,color,label\n");
		String[] colors = { "red", "green", "blue" };
		for (int i = 0; i < 120; i++) {
			String color = colors[i % 3];
			csv.append(i % 7).append(',').append(color).append(',').append(color.equals("red") ? "warm" : "cool");
			csv.append('\n');
		}
		KilnClient.Response upload = this.kiln.upload("/api/v1/datasets",
				java.util.Map.of("name", "colours", "labelColumn", "label", "oneHot", "color"),
				java.util.Map.of("file", csv.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8)));
		assertThat(upload.status()).as(upload.toString()).isEqualTo(201);
		assertThat(upload.json().get("featureNames")).extracting(JsonNode::asString)
			.containsExactly("size", "color=blue", "color=green", "color=red");
		String id = this.kiln.submit("""
				{"dataset": "colours", "normalization": "standardize",
				 "model": {"input": [4], "layers": [{"type": "dense", "units": 8}, {"type": "output"}]},
				 "training": {"epochs": 30, "batchSize": 8, "optimizer": {"type": "adam", "learningRate": 0.02}}}""");
		assertThat(this.kiln.awaitEnd(id, Duration.ofMinutes(2)).get("status").asString()).isEqualTo("SUCCEEDED");

		KilnClient.Response prediction = this.kiln.post("/api/v1/jobs/" + id + "/predict",
				"{\"instances\": [[3, \"red\"], [3, \"blue\"], [0, 1, 0, 0]]}");
		assertThat(prediction.status()).as(prediction.toString()).isEqualTo(200);
		assertThat(prediction.json().get("predictions")).extracting((p) -> p.get("label").asString())
			.containsExactly("warm", "cool", "cool");
		KilnClient.Response unknown = this.kiln.post("/api/v1/jobs/" + id + "/predict",
				"{\"instances\": [[3, \"purple\"]]}");
		assertThat(unknown.status()).isEqualTo(400);
		assertThat(unknown.json().get("errors").get(0).get("path").asString()).isEqualTo("$.instances[0][1]");
		assertThat(unknown.json().get("errors").get(0).get("reason").asString()).contains("blue", "green", "red");
	}

	@Test
	void aDryRunDescribesTheNetworkWithoutQueueingIt() {
		int before = this.kiln.get("/api/v1/jobs?size=200").json().get("totalItems").asInt();
		String spec = """
				{"dataset": "iris", "model": {"input": [4], "layers": [
				  {"type": "dense", "units": 16, "activation": "relu"},
				  {"type": "output", "units": 3}]}}""";
		KilnClient.Response response = this.kiln.post("/api/v1/jobs?dryRun=true", spec);

		assertThat(response.status()).as(response.toString()).isEqualTo(200);
		JsonNode dryRun = response.json();
		// 4*16 + 16 weights and biases, then 16*3 + 3
		assertThat(dryRun.get("parameters").asLong()).isEqualTo(131);
		assertThat(dryRun.get("layers")).hasSize(2);
		assertThat(dryRun.get("layers").get(0).get("parameters").asLong()).isEqualTo(80);
		assertThat(dryRun.get("estimatedMemoryBytes").asLong()).isPositive();
		assertThat(this.kiln.get("/api/v1/jobs?size=200").json().get("totalItems").asInt()).isEqualTo(before);
	}

	@Test
	void theBuiltInDatasetsAreListed() {
		JsonNode datasets = this.kiln.get("/api/v1/datasets").json().get("items");
		assertThat(datasets).extracting((d) -> d.get("name").asString()).contains("iris", "wine", "digits8x8");
	}

	@Test
	void swaggerUiAndTheApiDocumentListEveryEndpoint() {
		assertThat(this.kiln.get("/swagger-ui.html").status()).isIn(200, 302);
		assertThat(this.kiln.get("/swagger-ui/index.html").status()).isEqualTo(200);
		JsonNode paths = this.kiln.get("/v3/api-docs").json().get("paths");
		assertThat(paths.propertyNames()).contains("/api/v1/jobs", "/api/v1/jobs/{id}", "/api/v1/jobs/{id}/cancel",
				"/api/v1/jobs/{id}/metrics", "/api/v1/jobs/{id}/checkpoints", "/api/v1/jobs/{id}/evaluation",
				"/api/v1/jobs/{id}/predict", "/api/v1/checkpoints/{id}/download", "/api/v1/datasets",
				"/api/v1/datasets/{id}");
	}

}
