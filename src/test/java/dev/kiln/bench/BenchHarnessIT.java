package dev.kiln.bench;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The benchmark harness runs end to end on its tiny configuration: every section
 * measures, figures are finite, and the JSON holds what the table shows. Nothing here
 * checks a speed: benchmarks are not timed tests.
 */
class BenchHarnessIT {

	private static final Path WORK = Path.of("target", "bench-it").toAbsolutePath();

	@Test
	void theTinyRunMeasuresEverySectionAndWritesItsFiguresAsJson() throws Exception {
		Path out = WORK.resolve("results.json");
		Files.deleteIfExists(out);
		ByteArrayOutputStream log = new ByteArrayOutputStream();
		Report report = Bench.run(Bench.Options.parse("--tiny", "--data", "src/test/resources/e2e/fashion-mnist-subset",
				"--work", WORK.toString(), "--out", out.toString()),
				new PrintStream(log, true, StandardCharsets.UTF_8));

		assertServiceFigures(report);
		for (String recipe : List.of("1-softmax", "3-mlp-relu", "6-cnn")) {
			assertFinitePositive(report, TrainingBench.OVERHEAD, recipe + ": samples/s while fitting, Kiln / bare");
			assertFinitePositive(report, TrainingBench.OVERHEAD, recipe + ": whole run, bare seconds / Kiln seconds");
			// the second Kiln trains without PyTorch too
			assertFinitePositive(report, TrainingBench.PYTORCH, recipe + ": samples/s, Kiln, accelerations on / off");
			Report.Figure pytorch = report.figure(TrainingBench.PYTORCH, recipe + ": samples/s, Kiln / PyTorch");
			Report.Figure offPytorch = report.figure(TrainingBench.PYTORCH,
					recipe + ": samples/s, Kiln, accelerations off / PyTorch");
			assertThat(pytorch).as("PyTorch figure for %s", recipe).isNotNull();
			assertThat(offPytorch).as("PyTorch figure with accelerations off for %s", recipe).isNotNull();
			if (Double.isNaN(pytorch.value())) {
				assertThat(pytorch.note()).as("why PyTorch was not measured").isNotBlank();
				assertThat(offPytorch.value()).isNaN();
				assertThat(offPytorch.note()).isEqualTo(pytorch.note());
			}
			else {
				assertThat(pytorch.value()).isPositive();
				assertThat(offPytorch.value()).isPositive().isFinite();
				Report.Figure accuracy = report.figure(TrainingBench.PYTORCH,
						recipe + ": test accuracy, Kiln - PyTorch");
				assertThat(accuracy.value()).isBetween(-100.0, 100.0);
				// more seeds than the rounds ran: the accuracies were topped up, with
				// accelerations off as well
				assertThat(accuracy.note()).contains("over " + BenchConfig.of("tiny").accuracySeeds() + " seeds each")
					.containsPattern("Kiln with accelerations off \\d+\\.\\d\\d% \\+- \\d");
			}
		}
		assertFinitePositive(report, InferenceBench.SECTION, "1 instance over HTTP, p50");
		assertFinitePositive(report, InferenceBench.SECTION, "1 instance in-process output(), p50");
		assertFinitePositive(report, InferenceBench.SECTION, "32 clients / 1 client, throughput");
		assertFinitePositive(report, InferenceBench.SECTION, "CPU per request, 32 clients");
		assertThat(report.figure(InferenceBench.SECTION, "failed requests").value()).isZero();
		assertFinitePositive(report, ControlPlaneBench.SECTION, "submissions (half dry runs), per second");
		assertFinitePositive(report, ControlPlaneBench.SECTION, "status read p99");
		assertThat(report.figure(ControlPlaneBench.SECTION, "failed requests").value()).isZero();
		assertThat(report.figure(MemoryBench.SECTION, "a job over kiln.limits.max-memory is refused (1 = yes)").value())
			.isEqualTo(1);
		assertFinitePositive(report, StartupBench.SECTION, "fresh data folder, median of 1");

		JsonNode json = ApiClient.JSON.readTree(out.toFile());
		assertThat(json.get("mode").asString()).isEqualTo("tiny");
		assertEpochByEpoch(json.get("serviceRuns"), report);
		assertThat(json.get("machineFloor").get("memory")).hasSize(10);
		assertThat(json.get("machineFloor").get("registers")).hasSize(10);
		assertThat(json.get("machine").get("cores").asInt()).isPositive();
		List<String> names = new ArrayList<>();
		json.get("figures").forEach((figure) -> names.add(figure.get("name").asString()));
		assertThat(names).hasSize(report.figures().size())
			.containsAll(report.figures().stream().map(Report.Figure::name).toList());
		String table = report.table();
		assertThat(table).contains(ServiceBench.TITLE, TrainingBench.OVERHEAD, InferenceBench.SECTION,
				ControlPlaneBench.SECTION, MemoryBench.SECTION, StartupBench.SECTION);
		assertThat(log.toString(StandardCharsets.UTF_8)).contains("warm-up", "round 2", "kiln off");
	}

	/**
	 * The packaged jar's figures at one thread and at every core, and next to a busy
	 * core: Kiln's are measured; PyTorch's are, or are NaN with the reason.
	 */
	private static void assertServiceFigures(Report report) {
		int cores = Runtime.getRuntime().availableProcessors();
		List<Integer> threadCounts = (cores > 1) ? List.of(1, cores) : List.of(1);
		boolean pytorch = !Double
			.isNaN(report.figure(ServiceBench.TITLE, "6-cnn, 1 thread: PyTorch samples/s").value());
		for (String recipe : List.of("1-softmax", "6-cnn")) {
			for (int threads : threadCounts) {
				String prefix = recipe + ", " + threads + ((threads == 1) ? " thread: " : " threads: ");
				assertFinitePositive(report, ServiceBench.TITLE, prefix + "Kiln samples/s");
				assertFinitePositive(report, ServiceBench.TITLE, prefix + "Kiln test accuracy");
				// one epoch after the first: it is its own fastest and slowest
				assertThat(report.figure(ServiceBench.TITLE, prefix + "Kiln epoch spread").value()).isEqualTo(1.0);
				for (String name : List.of("PyTorch samples/s", "Kiln / PyTorch", "Kiln / PyTorch's best",
						"PyTorch epoch spread", "PyTorch test accuracy")) {
					assertPyTorchFigure(report, pytorch, prefix + name);
				}
				Report.Figure difference = report.figure(ServiceBench.TITLE, prefix + "test accuracy, Kiln - PyTorch");
				assertThat(difference).isNotNull();
				if (pytorch) {
					assertThat(difference.value()).isBetween(-100.0, 100.0);
				}
			}
			assertPyTorchFigure(report, pytorch, recipe + ": Kiln's best / PyTorch's best");
		}
		for (String loop : List.of("a loop over 256 KiB", "a loop in registers")) {
			assertThat(report.figure(ServiceBench.TITLE, "the machine alone: " + loop + ", spread").value())
				.isGreaterThanOrEqualTo(1.0)
				.isFinite();
		}
		for (int threads : threadCounts) {
			String prefix = "6-cnn, " + threads + ((threads == 1) ? " thread" : " threads") + ", a core busy: ";
			assertFinitePositive(report, ServiceBench.TITLE, prefix + "Kiln keeps (busy / quiet)");
			assertPyTorchFigure(report, pytorch, prefix + "PyTorch keeps (busy / quiet)");
			assertPyTorchFigure(report, pytorch, prefix + "Kiln's share / PyTorch's");
		}
	}

	private static void assertPyTorchFigure(Report report, boolean measured, String name) {
		Report.Figure figure = report.figure(ServiceBench.TITLE, name);
		assertThat(figure).as("figure '%s'", name).isNotNull();
		if (measured) {
			assertThat(figure.value()).as("%s", name).isPositive().isFinite();
		}
		else {
			assertThat(figure.value()).as("%s", name).isNaN();
			assertThat(figure.note()).as("why '%s' was not measured", name).isNotBlank();
		}
	}

	/**
	 * Every run's samples/s, epoch by epoch, for the docs to quote: Kiln's, and PyTorch's
	 * when it ran.
	 */
	private static void assertEpochByEpoch(JsonNode runs, Report report) {
		List<String> trainers = new ArrayList<>();
		runs.forEach((run) -> {
			trainers.add(run.get("trainer").asString());
			JsonNode epochs = run.get("epochs").get("samplesPerSecond");
			if (run.get("cancelled").asBoolean()) {
				// next to the busy core, at the cap: the epochs it finished
				assertThat(epochs.size()).as("epochs of %s", run).isLessThanOrEqualTo(2);
			}
			else {
				assertThat(epochs.size()).as("epochs of %s", run).isEqualTo(2);
			}
			epochs.forEach((epoch) -> assertThat(epoch.asDouble()).isPositive());
		});
		assertThat(trainers).contains("kiln");
		if (!Double.isNaN(report.figure(ServiceBench.TITLE, "6-cnn, 1 thread: PyTorch samples/s").value())) {
			assertThat(trainers).contains("pytorch");
		}
	}

	private static void assertFinitePositive(Report report, String section, String name) {
		Report.Figure figure = report.figure(section, name);
		assertThat(figure).as("figure '%s' in '%s'", name, section).isNotNull();
		assertThat(figure.value()).as("%s", name).isPositive().isFinite();
	}

}
