package dev.kiln.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Predictions from a trained MLP: over HTTP (single instances and batches of 100, one
 * client and many) against the same network's {@code output()} called in this process.
 */
final class InferenceBench {

	static final String SECTION = "Inference: the 5-layer MLP over HTTP vs output() in-process";

	private static final int IMAGES = 100;

	private final BenchConfig config;

	private final ApiClient kiln;

	private final FashionMnist data;

	private final Path scratch;

	private final Report report;

	private final Consumer<String> log;

	InferenceBench(BenchConfig config, ApiClient kiln, FashionMnist data, Path scratch, Report report,
			Consumer<String> log) {
		this.config = config;
		this.kiln = kiln;
		this.data = data;
		this.scratch = scratch;
		this.report = report;
		this.log = log;
	}

	void run(String jobId) throws Exception {
		MultiLayerNetwork network = bestCheckpoint(jobId);
		int images = Math.min(IMAGES, this.data.testCount());
		INDArray[] singles = new INDArray[images];
		List<HttpRequest> singleRequests = new ArrayList<>();
		List<byte[]> rawSingles = new ArrayList<>();
		StringBuilder batch = new StringBuilder("{\"instances\": [");
		float[] all = new float[images * this.data.pixelsPerImage()];
		for (int i = 0; i < images; i++) {
			float[] image = this.data.testImage(i);
			String instance = instance(image);
			singleRequests.add(this.kiln.jsonPost(predictPath(jobId), "{\"instances\": [" + instance + "]}"));
			rawSingles.add(this.kiln.rawJsonPost(predictPath(jobId), "{\"instances\": [" + instance + "]}"));
			batch.append((i > 0) ? "," : "").append(instance);
			float[] scaled = new float[image.length];
			for (int p = 0; p < image.length; p++) {
				scaled[p] = image[p] / 255f;
			}
			System.arraycopy(scaled, 0, all, i * scaled.length, scaled.length);
			singles[i] = Nd4j.create(scaled, new long[] { 1, scaled.length }, 'c');
		}
		HttpRequest batchRequest = this.kiln.jsonPost(predictPath(jobId), batch.append("]}").toString());
		INDArray batchInput = Nd4j.create(all, new long[] { images, this.data.pixelsPerImage() }, 'c');
		int requests = this.config.latencyRequests();
		int batches = Math.max(20, requests / 10);

		List<SideBySide.Variant> latency = List.of(
				new SideBySide.Variant("in-process 1", () -> inProcess(network, singles, requests)),
				new SideBySide.Variant("HTTP 1", () -> http(singleRequests, requests)),
				new SideBySide.Variant("in-process 100", () -> inProcess(network, new INDArray[] { batchInput }, batches)),
				new SideBySide.Variant("HTTP 100", () -> http(List.of(batchRequest), batches)));
		this.log.accept("  latency, " + requests + " sequential single-instance calls per round");
		Map<String, Map<String, Double>> medians = new SideBySide(this.config.warmups(), this.config.rounds(), this.log)
			.run(latency);
		double inProcessP50 = medians.get("in-process 1").get("p50");
		double httpP50 = medians.get("HTTP 1").get("p50");
		this.report.add(SECTION, "1 instance over HTTP, p50", httpP50, "ms", Report.Target.atMost(2), "one client");
		this.report.add(SECTION, "1 instance over HTTP, p99", medians.get("HTTP 1").get("p99"), "ms",
				Report.Target.atMost(10), "one client");
		this.report.add(SECTION, "1 instance in-process output(), p50", inProcessP50, "ms");
		this.report.add(SECTION, "1 instance in-process output(), p99", medians.get("in-process 1").get("p99"), "ms");
		this.report.add(SECTION, "HTTP overhead at p50 (HTTP - in-process)", httpP50 - inProcessP50, "ms",
				Report.Target.atMost(1), null);
		this.report.add(SECTION, "100 instances over HTTP, p50", medians.get("HTTP 100").get("p50"), "ms");
		this.report.add(SECTION, "100 instances in-process output(), p50", medians.get("in-process 100").get("p50"),
				"ms");
		this.report.add(SECTION, "100 instances over HTTP, rows/s", 100 * 1000 / medians.get("HTTP 100").get("p50"),
				"rows/s");

		int clients = this.config.concurrentClients();
		double seconds = this.config.throughputSeconds();
		List<Load.Result> runs = new ArrayList<>();
		List<SideBySide.Variant> throughput = List.of(new SideBySide.Variant("1 client", () -> {
			long cpuBefore = processCpuNanos();
			Load.Result result = Load.duration(this.kiln::raw, 1, seconds,
					(connection, i) -> connection.send(rawSingles.get(i % images)));
			runs.add(result);
			return figures(result, processCpuNanos() - cpuBefore);
		}), new SideBySide.Variant(clients + " clients", () -> {
			Map<String, Double> passesBefore = batchFigures();
			long cpuBefore = processCpuNanos();
			long start = System.nanoTime();
			Load.Result result = Load.duration(this.kiln::raw, clients, seconds,
					(connection, i) -> connection.send(rawSingles.get(i % images)));
			double wall = (System.nanoTime() - start) / 1e9;
			runs.add(result);
			Map<String, Double> figures = figures(result, processCpuNanos() - cpuBefore);
			Map<String, Double> passesAfter = batchFigures();
			if (passesBefore != null && passesAfter != null) {
				// one pass at a time per model: the share of the run a pass was running
				figures.put("passShare", (passesAfter.get("passSeconds") - passesBefore.get("passSeconds")) / wall);
			}
			return figures;
		}));
		this.log.accept("  throughput, " + seconds + " s per round");
		Map<String, Double> batchesBefore = batchFigures();
		medians = new SideBySide(this.config.warmups(), this.config.rounds(), this.log).run(throughput);
		Map<String, Double> batchesAfter = batchFigures();
		double one = medians.get("1 client").get("perSecond");
		double many = medians.get(clients + " clients").get("perSecond");
		this.report.add(SECTION, "1 client, requests/s", one, "req/s");
		this.report.add(SECTION, clients + " clients, requests/s", many, "req/s");
		this.report.add(SECTION, clients + " clients / 1 client, throughput", many / one, "x", Report.Target.atLeast(5),
				null);
		this.report.add(SECTION, clients + " clients, p99", medians.get(clients + " clients").get("p99"), "ms");
		// Kiln and the clients share this process, and so the machine's cores: the CPU time
		// a request takes under load bounds what any number of clients can get
		double cpuOne = medians.get("1 client").get("cpuMillisPerRequest");
		double cpuMany = medians.get(clients + " clients").get("cpuMillisPerRequest");
		int cores = Runtime.getRuntime().availableProcessors();
		this.report.add(SECTION, "CPU per request, 1 client", cpuOne, "ms", null,
				"Kiln and the lean client together (one process), median of the rounds");
		this.report.add(SECTION, "CPU per request, " + clients + " clients", cpuMany, "ms", null,
				String.format("the same; %.0f%% of %d cores busy", 100 * cpuMany * many / 1000 / cores, cores));
		this.report.add(SECTION, clients + " clients / 1 client, ceiling on " + cores + " cores",
				cores * 1000 / cpuMany / one, "x", null,
				"the throughput every core busy at the loaded CPU per request would give, over 1 client's");
		Double passShare = medians.get(clients + " clients").get("passShare");
		if (passShare != null) {
			this.report.add(SECTION, clients + " clients, share of the time a forward pass ran", passShare, "x", null,
					"the model runs one pass at a time: near 1, the passes hold throughput back, not the requests' "
							+ "handling");
		}
		if (batchesBefore != null && batchesAfter != null) {
			double passes = batchesAfter.get("count") - batchesBefore.get("count");
			double rows = batchesAfter.get("sum") - batchesBefore.get("sum");
			this.report.add(SECTION, "rows per forward pass under load (mean)", rows / passes, "rows",
					null, "dynamic batching: the throughput runs' rows over their forward passes");
		}
		int failed = runs.stream().mapToInt(Load.Result::failures).sum();
		this.report.add(SECTION, "failed requests", failed, "", Report.Target.atMost(0),
				runs.stream().map(Load.Result::firstFailure).filter((f) -> f != null).findFirst().orElse(null));
	}

	private static Map<String, Double> figures(Load.Result result, long cpuNanos) {
		Map<String, Double> figures = new LinkedHashMap<>();
		figures.put("perSecond", result.perSecond());
		figures.put("p50", result.p50());
		figures.put("p99", result.p99());
		figures.put("cpuMillisPerRequest", cpuNanos / 1e6 / Math.max(1, result.requests()));
		return figures;
	}

	/** The CPU time this process (Kiln and the clients) has used, in nanoseconds. */
	private static long processCpuNanos() {
		return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
			.getProcessCpuTime();
	}

	private static Map<String, Double> inProcess(MultiLayerNetwork network, INDArray[] inputs, int calls) {
		long[] nanos = new long[calls];
		for (int i = 0; i < calls; i++) {
			long start = System.nanoTime();
			network.output(inputs[i % inputs.length], false);
			nanos[i] = System.nanoTime() - start;
		}
		double[] sorted = Samples.sortedMillis(nanos, calls);
		return Map.of("p50", Samples.percentile(sorted, 50), "p99", Samples.percentile(sorted, 99));
	}

	private Map<String, Double> http(List<HttpRequest> requests, int calls) {
		long[] nanos = new long[calls];
		for (int i = 0; i < calls; i++) {
			long start = System.nanoTime();
			ApiClient.Response response = this.kiln.send(requests.get(i % requests.size()));
			nanos[i] = System.nanoTime() - start;
			if (!response.ok()) {
				throw new IllegalStateException("prediction failed: " + response);
			}
		}
		double[] sorted = Samples.sortedMillis(nanos, calls);
		return Map.of("p50", Samples.percentile(sorted, 50), "p99", Samples.percentile(sorted, 99));
	}

	/**
	 * Kiln's count and sum of rows per forward pass and the passes' total seconds, from its
	 * metrics (null if absent).
	 */
	private Map<String, Double> batchFigures() {
		ApiClient.Response response = this.kiln.get("/actuator/prometheus");
		if (!response.ok()) {
			return null;
		}
		Map<String, Double> figures = new LinkedHashMap<>();
		Map<String, String> names = Map.of("kiln_inference_batch_rows_count", "count", "kiln_inference_batch_rows_sum",
				"sum", "kiln_inference_pass_seconds_sum", "passSeconds");
		for (String line : new String(response.body(), java.nio.charset.StandardCharsets.UTF_8).split("\n")) {
			String name = line.contains(" ") ? line.substring(0, line.indexOf(' ')) : line;
			if (names.containsKey(name)) {
				figures.put(names.get(name), Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)));
			}
		}
		return (figures.size() == names.size()) ? figures : null;
	}

	private MultiLayerNetwork bestCheckpoint(String jobId) throws IOException {
		String checkpoint = ApiClient.ok(this.kiln.get("/api/v1/jobs/" + jobId + "/checkpoints"), "checkpoints")
			.get("bestCheckpointId")
			.asString();
		ApiClient.Response download = this.kiln.get("/api/v1/checkpoints/" + checkpoint + "/download");
		if (!download.ok()) {
			throw new IllegalStateException("checkpoint download failed: " + download.status());
		}
		Files.createDirectories(this.scratch);
		Path file = Files.createTempFile(this.scratch, "checkpoint-", ".zip");
		Files.write(file, download.body());
		try {
			return ModelSerializer.restoreMultiLayerNetwork(file.toFile(), false);
		}
		finally {
			Files.deleteIfExists(file);
		}
	}

	private static String predictPath(String jobId) {
		return "/api/v1/jobs/" + jobId + "/predict";
	}

	private static String instance(float[] image) {
		StringBuilder json = new StringBuilder("[");
		for (int i = 0; i < image.length; i++) {
			json.append((i > 0) ? "," : "").append((int) image[i]);
		}
		return json.append(']').toString();
	}

}
