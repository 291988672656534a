package dev.kiln.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Memory per training job, alone and two at once (each case in a fresh Kiln process),
 * and of the inference cache; and the configured bounds: a job over the memory limit is
 * refused, and the cache holds no more models than it may.
 */
final class MemoryBench {

	static final String SECTION = "Memory";

	private static final double MIB = 1024 * 1024;

	private static final int HEAP_MIB = 2048;

	private final BenchConfig config;

	private final ApiClient kiln;

	private final Path examples;

	private final Path jar;

	private final Path idxFolder;

	private final Path scratch;

	private final int cacheSize;

	private final Report report;

	private final Consumer<String> log;

	MemoryBench(BenchConfig config, ApiClient kiln, Path examples, Path jar, Path idxFolder, Path scratch,
			int cacheSize, Report report, Consumer<String> log) {
		this.config = config;
		this.kiln = kiln;
		this.examples = examples;
		this.jar = jar;
		this.idxFolder = idxFolder;
		this.scratch = scratch;
		this.cacheSize = cacheSize;
		this.report = report;
		this.log = log;
	}

	void run() throws Exception {
		String mlp = spec("fashion-mnist-3-mlp-relu.json", 1);
		String cnn = spec("fashion-mnist-6-cnn.json", 1);
		perJob("5-layer MLP, 1 job", mlp, 1);
		perJob("5-layer MLP, 2 jobs at once, per job", mlp, 2);
		perJob("CNN, 1 job", cnn, 1);
		inferenceCache();
		refusal();
	}

	/**
	 * Trains in a Kiln of its own, so that no earlier work's memory is counted: the
	 * packaged jar with a fixed heap touched in full at start-up, so that everything the
	 * process's resident set grows by while the jobs train is memory outside the heap.
	 */
	private void perJob(String name, String spec, int jobs) throws Exception {
		List<String> jvm = List.of("-Xms" + HEAP_MIB + "m", "-Xmx" + HEAP_MIB + "m", "-XX:+AlwaysPreTouch");
		try (KilnProcess process = KilnProcess.start(this.jar, this.scratch.resolve("memory"), jvm,
				List.of("--kiln.jobs.workers=" + jobs))) {
			process.awaitReady();
			ApiClient admin = process.admin();
			TrainingBench.register(admin, this.idxFolder);
			ApiClient.pause(1000);
			// registering the dataset left garbage: idle is what is live, and the peak
			// resident set is counted from here
			try {
				process.collectGarbage();
				process.resetPeakMemory();
			}
			catch (IOException ex) {
				this.log.accept("    idle figures with the registration's garbage and peak: " + ex.getMessage());
			}
			long idleResident = process.memory("VmRSS");
			double idleHeap = heapInUse(admin);
			double peakHeap = idleHeap;
			List<String> ids = new ArrayList<>();
			for (int i = 0; i < jobs; i++) {
				ids.add(admin.submit(spec));
			}
			for (String id : ids) {
				while (true) {
					peakHeap = Math.max(peakHeap, heapInUse(admin));
					JsonNode job = ApiClient.ok(admin.get("/api/v1/jobs/" + id), "job");
					String status = job.get("status").asString();
					if (status.equals("SUCCEEDED")) {
						break;
					}
					if (status.equals("FAILED") || status.equals("CANCELLED")) {
						throw new IllegalStateException("job " + id + " ended " + status + ": " + job.get("error"));
					}
					ApiClient.pause(100);
				}
			}
			double outside = (process.memory("VmHWM") - idleResident) / MIB / jobs;
			double heap = (peakHeap - idleHeap) / MIB / jobs;
			this.log.accept(String.format("    %s: outside the heap %.1f MiB, heap %.1f MiB", name, outside, heap));
			this.report.add(SECTION, name + ": peak memory outside the heap", outside, "MiB", null,
					"ND4J's arrays and workspaces: resident set growth over idle, heap fixed and pre-touched");
			this.report.add(SECTION, name + ": peak heap in use", heap, "MiB", null,
					"over idle (live, after a collection), sampled every 100 ms; uncollected garbage included");
		}
	}

	/** The heap in use, from Kiln's own meters. */
	private static double heapInUse(ApiClient admin) {
		ApiClient.Response response = admin.get("/actuator/prometheus");
		double used = 0;
		for (String line : new String(response.body(), java.nio.charset.StandardCharsets.UTF_8).split("\n")) {
			if (line.startsWith("jvm_memory_used_bytes{") && line.contains("area=\"heap\"")) {
				used += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
			}
		}
		return used;
	}

	/** Loads more checkpoints than the cache may hold and reads what it keeps. */
	private void inferenceCache() throws Exception {
		String jobId = this.kiln.submit(spec("fashion-mnist-3-mlp-relu.json", this.cacheSize + 1));
		this.kiln.awaitEnd(jobId, Duration.ofHours(1));
		JsonNode checkpoints = ApiClient.ok(this.kiln.get("/api/v1/jobs/" + jobId + "/checkpoints"), "checkpoints")
			.get("items");
		String image = imageInstance();
		long before = settledHeap();
		double mostModels = 0;
		double mostBytes = 0;
		for (JsonNode checkpoint : checkpoints) {
			ApiClient.ok(this.kiln.post("/api/v1/jobs/" + jobId + "/predict",
					"{\"instances\": [" + image + "], \"checkpoint\": \"" + checkpoint.get("id").asString() + "\"}"),
					"prediction");
			mostModels = Math.max(mostModels, gauge("kiln_inference_cache_models"));
			mostBytes = Math.max(mostBytes, gauge("kiln_inference_cache_bytes"));
		}
		double after = (settledHeap() - before) / MIB;
		this.log.accept(String.format("    %d checkpoints loaded: at most %.0f models, %.2f MiB held; heap %+.1f MiB",
				checkpoints.size(), mostModels, mostBytes / MIB, after));
		this.report.add(SECTION, "inference cache: models held after " + checkpoints.size() + " loads", mostModels,
				"models", Report.Target.atMost(this.cacheSize),
				"kiln.inference.cache-size=" + this.cacheSize + ": the least recently used model is evicted");
		this.report.add(SECTION, "inference cache: parameter bytes per MLP", mostBytes / Math.max(1, mostModels) / MIB,
				"MiB", null, "what kiln.inference.cache-max-bytes counts");
		this.report.add(SECTION, "inference cache: heap after " + checkpoints.size() + " loads", after, "MiB", null,
				"settled heap less the figure before the loads");
	}

	/** The heap in use in this process after collections. */
	private static long settledHeap() throws InterruptedException {
		for (int i = 0; i < 3; i++) {
			System.gc();
			Thread.sleep(100);
		}
		return java.lang.management.ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
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
		ObjectNode spec = Recipes.job(this.examples.resolve(recipe), TrainingBench.DATASET,
				Math.max(keep, this.config.epochs()));
		((ObjectNode) spec.get("checkpoints")).put("keepLast", keep);
		return ApiClient.JSON.writeValueAsString(spec);
	}

}
