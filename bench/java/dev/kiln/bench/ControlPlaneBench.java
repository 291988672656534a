package dev.kiln.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Consumer;

import tools.jackson.databind.node.ObjectNode;

/**
 * Job submissions (half dry runs, half queued) and status reads from many concurrent
 * clients. Queued jobs ask for a GPU, which this node lacks, so they wait in the queue
 * instead of training; they are cancelled after each round.
 */
final class ControlPlaneBench {

	static final String SECTION = "Control plane: concurrent clients";

	private final BenchConfig config;

	private final ApiClient kiln;

	private final Path recipe;

	private final Report report;

	private final Consumer<String> log;

	ControlPlaneBench(BenchConfig config, ApiClient kiln, Path recipe, Report report, Consumer<String> log) {
		this.config = config;
		this.kiln = kiln;
		this.recipe = recipe;
		this.report = report;
		this.log = log;
	}

	void run() throws Exception {
		ObjectNode spec = (ObjectNode) ApiClient.JSON.readTree(Files.readString(this.recipe));
		spec.put("dataset", "fashion-bench");
		spec.put("device", "gpu");
		String body = ApiClient.JSON.writeValueAsString(spec);
		int clients = this.config.controlClients();
		int submissions = this.config.submissions();
		int reads = this.config.statusReads();
		int[] failures = new int[1];
		StringBuilder firstFailure = new StringBuilder();
		SideBySide.Variant round = new SideBySide.Variant("round", () -> {
			ConcurrentLinkedQueue<String> queued = new ConcurrentLinkedQueue<>();
			Load.Result submitted = Load.count(this.kiln::newConnection, clients, submissions, (api, i) -> {
				boolean dryRun = i % 2 == 0;
				ApiClient.Response response = api.post("/api/v1/jobs" + (dryRun ? "?dryRun=true" : ""), body);
				if (!dryRun && response.status() == 202) {
					queued.add(response.json().get("id").asString());
				}
				return response;
			});
			List<String> ids = List.copyOf(queued);
			if (ids.isEmpty()) {
				throw new IllegalStateException("no job was queued: " + submitted.firstFailure());
			}
			Load.Result read = Load.count(this.kiln::newConnection, clients, reads,
					(api, i) -> api.get("/api/v1/jobs/" + ids.get(i % ids.size())));
			Load.count(this.kiln::newConnection, clients, ids.size(), (api, i) -> api.post("/api/v1/jobs/" + ids.get(i) + "/cancel", ""));
			failures[0] += submitted.failures() + read.failures();
			for (Load.Result result : List.of(submitted, read)) {
				if (firstFailure.isEmpty() && result.firstFailure() != null) {
					firstFailure.append(result.firstFailure());
				}
			}
			Map<String, Double> figures = new LinkedHashMap<>();
			figures.put("submissionsPerSecond", submitted.perSecond());
			figures.put("submissionP50", submitted.p50());
			figures.put("submissionP99", submitted.p99());
			figures.put("readsPerSecond", read.perSecond());
			figures.put("readP50", read.p50());
			figures.put("readP99", read.p99());
			return figures;
		});
		this.log.accept("  " + submissions + " submissions, then " + reads + " status reads, " + clients + " clients");
		Map<String, Double> medians = new SideBySide(this.config.warmups(), this.config.rounds(), this.log)
			.run(List.of(round))
			.get("round");
		String clientsNote = clients + " clients";
		this.report.add(SECTION, "submissions (half dry runs), per second", medians.get("submissionsPerSecond"),
				"req/s", null, submissions + " per round, " + clientsNote);
		this.report.add(SECTION, "submission p50", medians.get("submissionP50"), "ms");
		this.report.add(SECTION, "submission p99", medians.get("submissionP99"), "ms");
		this.report.add(SECTION, "status reads, per second", medians.get("readsPerSecond"), "req/s", null,
				reads + " per round, " + clientsNote);
		this.report.add(SECTION, "status read p50", medians.get("readP50"), "ms");
		this.report.add(SECTION, "status read p99", medians.get("readP99"), "ms");
		this.report.add(SECTION, "failed requests", failures[0], "", Report.Target.atMost(0),
				firstFailure.isEmpty() ? "warm-up included" : firstFailure.toString());
	}

}
