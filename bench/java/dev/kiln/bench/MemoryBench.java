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
			this.report.add(SECTION, name + ": peak live heap", perJob.heap() / MIB, "MiB", null,
					"heap after collections during the run, less the idle figure before it");
			this.report.add(SECTION, name + ": peak off-heap (ND4J)", perJob.offHeap() / MIB, "MiB", null,
					"resident memory outside the heap: ND4J's arrays and workspaces");
			this.report.add(SECTION, name + ": peak resident set", perJob.resident() / MIB, "MiB");
		}
	}

	/** Loads more checkpoints than the cache may hold and reads what it keeps. */
	private void inferenceCache() throws Exception {
		String jobId = this.kiln.submit(spec("fashion-mnist-3-mlp-relu.json", this.cacheSize + 1));
		this.kiln.awaitEnd(jobId, Duration.ofHours(1));
		JsonNode checkpoints = ApiClient.ok(this.kiln.get("/api/v1/jobs/" + jobId + "/checkpoints"), "checkpoints")
			.get("items");
		String image = imageInstance();
		MemorySampler.Memory before = MemorySampler.settled();
		double mostModels = 0;
		double mostBytes = 0;
		for (JsonNode checkpoint : checkpoints) {
			ApiClient.ok(this.kiln.post("/api/v1/jobs/" + jobId + "/predict",
					"{\"instances\": [" + image + "], \"checkpoint\": \"" + checkpoint.get("id").asString() + "\"}"),
					"prediction");
			mostModels = Math.max(mostModels, gauge("kiln_inference_cache_models"));
			mostBytes = Math.max(mostBytes, gauge("kiln_inference_cache_bytes"));
		}
		MemorySampler.Memory after = MemorySampler.settled().minus(before);
		this.log.accept(String.format("    %d checkpoints loaded: at most %.0f models, %.2f MiB held; heap %+.1f MiB, "
				+ "off-heap %+.1f MiB", checkpoints.size(), mostModels, mostBytes / MIB, after.heap() / MIB,
				after.offHeap() / MIB));
		this.report.add(SECTION, "inference cache: models held after " + checkpoints.size() + " loads", mostModels,
				"models", Report.Target.atMost(this.cacheSize),
				"kiln.inference.cache-size=" + this.cacheSize + ": the least recently used model is evicted");
		this.report.add(SECTION, "inference cache: parameter bytes per MLP", mostBytes / Math.max(1, mostModels) / MIB,
				"MiB", null, "what kiln.inference.cache-max-bytes counts");
		this.report.add(SECTION, "inference cache: heap after " + checkpoints.size() + " loads", after.heap() / MIB,
				"MiB", null, "settled heap less the figure before the loads");
	}

	/** A gauge's value from Kiln's Prometheus page (NaN if absent). */
	private double gauge(String name) {
		ApiClient.Response response = this.kiln.get("/actuator/prometheus");
		if (!response.ok()) {
			return Double.NaN;
		}
		for (String line : new String(response.body(), java.nio.charset.StandardCharsets.UTF_8).split("\n")) {
			if (line.startsWith(name + " ") || line.startsWith(name + "{")) {
				return Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
			}
		}
		return Double.NaN;
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
