package dev.kiln.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Memory per training job, alone and two at once, and per model in the inference cache;
 * and the configured bounds: a job over the memory limit is refused, and the cache holds
 * no more models than it may.
 */
final class MemoryBench {

	static final String SECTION = "Memory";

	private static final double MIB = 1024 * 1024;

	private final BenchConfig config;

	private final ApiClient kiln;

	private final Path examples;

	private final int cacheSize;

	private final Report report;

	private final Consumer<String> log;

	MemoryBench(BenchConfig config, ApiClient kiln, Path examples, int cacheSize, Report report,
			Consumer<String> log) {
		this.config = config;
		this.kiln = kiln;
		this.examples = examples;
		this.cacheSize = cacheSize;
		this.report = report;
		this.log = log;
	}

	void run() throws Exception {
		String mlp = spec("fashion-mnist-3-mlp-relu.json", 1);
		String cnn = spec("fashion-mnist-6-cnn.json", 1);
		perJob("5-layer MLP, 1 job", List.of(mlp));
		perJob("5-layer MLP, 2 jobs at once, per job", List.of(mlp, mlp));
		perJob("CNN, 1 job", List.of(cnn));
		inferenceCache();
		refusal();
	}

	private void perJob(String name, List<String> specs) throws Exception {
		MemorySampler.Memory before = MemorySampler.settled();
		List<String> ids = new ArrayList<>();
		try (MemorySampler sampler = new MemorySampler()) {
			for (String spec : specs) {
				ids.add(this.kiln.submit(spec));
			}
			for (String id : ids) {
				JsonNode job = this.kiln.awaitEnd(id, Duration.ofHours(1));
				if (!"SUCCEEDED".equals(job.get("status").asString())) {
					throw new IllegalStateException("job " + id + " ended " + job.get("status"));
				}
			}
			MemorySampler.Memory perJob = sampler.peak().minus(before).dividedBy(specs.size());
			this.log.accept(String.format("    %s: heap %.1f MiB, off-heap %.1f MiB, resident %.1f MiB", name,
					perJob.heap() / MIB, perJob.offHeap() / MIB, perJob.resident() / MIB));
			this.report.add(SECTION, name + ": peak heap", perJob.heap() / MIB, "MiB", null,
					"peak over the run less the idle figure before it");
			this.report.add(SECTION, name + ": peak off-heap (ND4J)", perJob.offHeap() / MIB, "MiB", null,
					"bytes ND4J allocated through JavaCPP");
			this.report.add(SECTION, name + ": peak resident set", perJob.resident() / MIB, "MiB");
		}
	}

	/** Loads more checkpoints than the cache may hold and measures what stays. */
	private void inferenceCache() throws Exception {
		String jobId = this.kiln.submit(spec("fashion-mnist-3-mlp-relu.json", this.cacheSize + 1));
		this.kiln.awaitEnd(jobId, Duration.ofHours(1));
		JsonNode checkpoints = ApiClient.ok(this.kiln.get("/api/v1/jobs/" + jobId + "/checkpoints"), "checkpoints")
			.get("items");
		String image = imageInstance();
		MemorySampler.Memory before = MemorySampler.settled();
		List<Double> offHeapAfterEach = new ArrayList<>();
		for (JsonNode checkpoint : checkpoints) {
			ApiClient.ok(this.kiln.post("/api/v1/jobs/" + jobId + "/predict",
					"{\"instances\": [" + image + "], \"checkpoint\": \"" + checkpoint.get("id").asString() + "\"}"),
					"prediction");
			offHeapAfterEach.add((MemorySampler.settled().offHeap() - before.offHeap()) / MIB);
		}
		this.log.accept("    off-heap after each model loaded (MiB): " + offHeapAfterEach);
		double perModel = offHeapAfterEach.get(0);
		double last = offHeapAfterEach.get(offHeapAfterEach.size() - 1);
		this.report.add(SECTION, "inference cache: off-heap per loaded MLP", perModel, "MiB");
		this.report.add(SECTION,
				"inference cache: models' off-heap after " + checkpoints.size() + " loads, in models",
				(perModel > 0) ? last / perModel : Double.NaN, "models", Report.Target.atMost(this.cacheSize + 0.5),
				"kiln.inference.cache-size=" + this.cacheSize + ": the least recently used model is evicted");
	}

	/** A job whose memory estimate is over kiln.limits.max-memory is refused at submission. */
	private void refusal() throws Exception {
		ObjectNode spec = (ObjectNode) ApiClient.JSON.readTree(spec("fashion-mnist-3-mlp-relu.json", 1));
		ArrayNode layers = (ArrayNode) spec.get("model").get("layers");
		layers.removeAll();
		layers.add(ApiClient.JSON.readTree("{\"type\": \"dense\", \"units\": 8000, \"activation\": \"relu\"}"));
		layers.add(ApiClient.JSON.readTree("{\"type\": \"dense\", \"units\": 8000, \"activation\": \"relu\"}"));
		layers.add(ApiClient.JSON
			.readTree("{\"type\": \"output\", \"units\": 10, \"activation\": \"softmax\", \"loss\": \"cross-entropy\"}"));
		ApiClient.Response response = this.kiln.post("/api/v1/jobs", ApiClient.JSON.writeValueAsString(spec));
		boolean refused = response.status() == 400 && response.toString().contains("$.model");
		this.report.add(SECTION, "a job over kiln.limits.max-memory is refused (1 = yes)", refused ? 1 : 0, "",
				Report.Target.atLeast(1), "answer: " + response.status() + " "
						+ ((response.ok()) ? "" : response.json().path("detail").asString("")));
	}

	private String imageInstance() {
		StringBuilder json = new StringBuilder("[");
		for (int i = 0; i < 784; i++) {
			json.append((i > 0) ? "," : "").append(i % 256);
		}
		return json.append(']').toString();
	}

	/** A recipe on the benchmark's dataset, keeping {@code keep} checkpoints. */
	private String spec(String recipe, int keep) throws Exception {
		ObjectNode spec = (ObjectNode) ApiClient.JSON.readTree(Files.readString(this.examples.resolve(recipe)));
		spec.put("dataset", "fashion-bench");
		((ObjectNode) spec.get("training")).put("epochs", Math.max(keep, this.config.epochs()));
		((ObjectNode) spec.get("checkpoints")).put("keepLast", keep);
		return ApiClient.JSON.writeValueAsString(spec);
	}

}
