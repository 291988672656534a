package dev.kiln.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.ToDoubleFunction;

import tools.jackson.databind.JsonNode;

/**
 * Training as users run it: the packaged jar started as a process of its own on its
 * default settings but for the thread count, the whole dataset registered over HTTP as
 * docs/datasets.md shows, the course's recipes submitted as jobs and their per-epoch metrics
 * read back over the API; against PyTorch on as many rows, at one thread and at every
 * core, in alternating rounds. Then the CNN again, next to another process that keeps one
 * core busy.
 */
final class ServiceBench {

	static final String TITLE = "Training as users run it: the packaged jar over HTTP vs PyTorch";

	/** The recipe trained next to a busy core. */
	static final String NEIGHBOUR_RECIPE = "fashion-mnist-6-cnn.json";

	/** The dataset's name as docs/datasets.md registers it, the name the recipes train on. */
	private static final String DATASET = "fashion-mnist";

	/** Round {@code r} (from 0) trains every run, Kiln's and PyTorch's, from this seed + r. */
	private static final long FIRST_SEED = 42;

	/** The longest a job on a quiet machine may take. */
	private static final Duration QUIET_TIMEOUT = Duration.ofHours(2);

	/**
	 * One measured run, kept epoch by epoch in the JSON.
	 *
	 * @param trainer {@code kiln} or {@code pytorch}
	 * @param round the measured round, from 1; 0 for the runs next to a busy core
	 * @param busyCore whether another process kept a core busy meanwhile
	 * @param cancelled whether the job reached its time cap and was cancelled: its epochs
	 * are those it finished
	 */
	record Run(String recipe, String trainer, int threads, int round, long seed, boolean busyCore, boolean cancelled,
			EpochRates epochs) {
	}

	private final BenchConfig.Service config;

	private final Path jar;

	private final Path data;

	private final Path examples;

	private final String python;

	private final PyTorchRunner pytorch;

	private final String pytorchMissing;

	private final Path scratch;

	private final Report report;

	private final Consumer<String> log;

	private final List<Run> runs = new ArrayList<>();

	/** The threads Kiln's defaults give each recipe's jobs, from the engine's own rule. */
	private final Map<String, Integer> defaultThreads = new LinkedHashMap<>();

	/**
	 * @param data the folder of the four IDX files, every row of which is registered
	 * @param pytorch null when PyTorch cannot run ({@code pytorchMissing} says why)
	 */
	ServiceBench(BenchConfig.Service config, Path jar, Path data, Path examples, String python, PyTorchRunner pytorch,
			String pytorchMissing, Path scratch, Report report, Consumer<String> log) {
		this.config = config;
		this.jar = jar;
		this.data = data;
		this.examples = examples;
		this.python = python;
		this.pytorch = pytorch;
		this.pytorchMissing = pytorchMissing;
		this.scratch = scratch;
		this.report = report;
		this.log = log;
	}

	void run() throws Exception {
		List<Integer> threadCounts = threadCounts();
		FashionMnist dataset = FashionMnist.read(this.data, Integer.MAX_VALUE);
		int[] labels = dataset.trainLabels();
		Map<Integer, KilnProcess> processes = new LinkedHashMap<>();
		try {
			// One Kiln per thread count, both up for the whole section rather than started
			// per run: an idle Kiln does little more than poll its queue once a second,
			// while a start costs seconds and the registration of every row again; and a
			// service that has trained before is what users meet. Each job's first epoch,
			// which the JIT slows, is left out of its figures.
			for (int threads : threadCounts) {
				processes.put(threads, KilnProcess.start(this.jar, this.scratch.resolve("service-" + threads + "-threads"),
						List.of(), List.of("--kiln.engine.threads=" + threads)));
			}
			Map<Integer, ApiClient> kilns = new LinkedHashMap<>();
			for (Map.Entry<Integer, KilnProcess> process : processes.entrySet()) {
				double ready = process.getValue().awaitReady();
				ApiClient admin = process.getValue().admin();
				JsonNode registered = FashionMnist.register(admin, this.data, DATASET);
				this.log.accept(String.format("    Kiln on %s: ready in %.1f s, %s registered: %,d rows, %,d test rows",
						threadsText(process.getKey()), ready, DATASET, registered.get("rows").asLong(),
						registered.get("testRows").asLong()));
				kilns.put(process.getKey(), admin);
			}
			describe(threadCounts, dataset);
			machineFloor();
			quietRounds(kilns, labels);
			for (String recipe : this.config.recipes()) {
				report(recipe, threadCounts);
			}
			if (this.config.recipes().contains(NEIGHBOUR_RECIPE)) {
				neighbour(kilns, labels);
			}
			else {
				this.log.accept("    no run next to a busy core: it trains " + NEIGHBOUR_RECIPE + " only");
			}
		}
		finally {
			for (KilnProcess process : processes.values()) {
				process.close();
			}
			this.report.context("serviceRuns", List.copyOf(this.runs));
		}
	}

	/**
	 * The machine's own spread, before the runs: fixed loops timed in windows as long as
	 * an MLP's epoch ({@link MachineFloor}).
	 */
	private void machineFloor() {
		int windows = 10;
		MachineFloor.Rates rates = MachineFloor.measure(windows, this.config.floorWindowMillis());
		String note = String.format("fastest / slowest of %d windows of %.1f s, in this process before the runs: "
				+ "the floor under an epoch spread", windows, this.config.floorWindowMillis() / 1000.0);
		this.report.add(TITLE, "the machine alone: a loop over 256 KiB, spread", MachineFloor.Rates.spread(rates.memory()),
				"x", null, note);
		this.report.add(TITLE, "the machine alone: a loop in registers, spread",
				MachineFloor.Rates.spread(rates.registers()), "x", null, note);
		this.report.context("machineFloor", rates);
	}

	/** One thread, and every core: Kiln's default for a CNN on a node of one worker. */
	private static List<Integer> threadCounts() {
		int cores = Runtime.getRuntime().availableProcessors();
		return (cores > 1) ? List.of(1, cores) : List.of(1);
	}

	/**
	 * Each round trains every recipe at each thread count, Kiln then PyTorch in even
	 * rounds and the other way round in odd ones, so that neither always runs on the
	 * machine the other has just warmed or left.
	 */
	private void quietRounds(Map<Integer, ApiClient> kilns, int[] labels) throws Exception {
		for (int round = 0; round < this.config.rounds(); round++) {
			long seed = FIRST_SEED + round;
			for (String recipe : this.config.recipes()) {
				String spec = Recipes.withSeed(spec(recipe), seed);
				int trainRows = kilnTrainRows(labels, spec);
				for (Map.Entry<Integer, ApiClient> kiln : kilns.entrySet()) {
					int threads = kiln.getKey();
					if (round % 2 == 0) {
						kilnRun(kiln.getValue(), recipe, spec, threads, round + 1, null);
						pytorchRun(recipe, trainRows, this.config.epochs(), threads, round + 1, seed, false);
					}
					else {
						pytorchRun(recipe, trainRows, this.config.epochs(), threads, round + 1, seed, false);
						kilnRun(kiln.getValue(), recipe, spec, threads, round + 1, null);
					}
				}
			}
		}
	}

	/**
	 * The CNN once more at each thread count, with fewer epochs, while another process
	 * keeps a core busy: how much of its quiet rate each keeps. A Kiln job that has not
	 * finished by the cap is cancelled and measured by the epochs it finished.
	 */
	private void neighbour(Map<Integer, ApiClient> kilns, int[] labels) throws Exception {
		long seed = FIRST_SEED;
		String spec = Recipes.withSeed(
				Recipes.jobJson(this.examples.resolve(NEIGHBOUR_RECIPE), DATASET, this.config.neighbourEpochs()), seed);
		int trainRows = kilnTrainRows(labels, spec);
		Duration cap = Duration.ofSeconds(this.config.neighbourCapSeconds());
		Duration lifetime = (this.config.neighbourSeconds() > 0) ? Duration.ofSeconds(this.config.neighbourSeconds())
				: null;
		for (Map.Entry<Integer, ApiClient> kiln : kilns.entrySet()) {
			int threads = kiln.getKey();
			try (BusyCore busy = BusyCore.start(this.python, lifetime)) {
				kilnRun(kiln.getValue(), NEIGHBOUR_RECIPE, spec, threads, 0, cap);
				pytorchRun(NEIGHBOUR_RECIPE, trainRows, this.config.neighbourEpochs(), threads, 0, seed, true);
				busy.checkAlive();
			}
			reportNeighbour(threads, trainRows, cap);
		}
	}

	/**
	 * Trains the job and keeps its metrics' samples/s (each epoch's training rows over
	 * its training passes, validation left out); {@code cap} null on a quiet machine.
	 */
	private void kilnRun(ApiClient kiln, String recipe, String spec, int threads, int round, Duration cap) {
		String id = kiln.submit(spec);
		JsonNode job = (cap != null) ? kiln.awaitEndOrCancel(id, cap) : kiln.awaitSuccess(id, QUIET_TIMEOUT);
		String status = job.get("status").asString();
		if (!status.equals("SUCCEEDED") && !status.equals("CANCELLED")) {
			throw new IllegalStateException("Kiln job " + id + " ended " + status + ": " + job.get("error"));
		}
		List<Double> rates = new ArrayList<>();
		for (JsonNode epoch : kiln.epochMetrics(id)) {
			rates.add(epoch.get("samplesPerSecond").asDouble());
		}
		boolean succeeded = status.equals("SUCCEEDED");
		Double accuracy = succeeded ? kiln.testAccuracy(job) : null;
		keep(new Run(recipe, "kiln", threads, round, seed(spec), cap != null, !succeeded,
				new EpochRates(rates, accuracy)));
	}

	private void pytorchRun(String recipe, int trainRows, int epochs, int threads, int round, long seed,
			boolean busyCore) throws IOException, InterruptedException {
		if (this.pytorch == null) {
			return;
		}
		keep(new Run(recipe, "pytorch", threads, round, seed, busyCore, false,
				this.pytorch.epochs(this.data, this.examples.resolve(recipe), trainRows, epochs, threads, seed)));
	}

	private void keep(Run run) {
		this.runs.add(run);
		EpochRates epochs = run.epochs();
		this.log.accept(String.format("    %-8s %-24s %-9s %-8s %8s samples/s, epoch spread %s%s%s",
				run.busyCore() ? "busy" : "round " + run.round(), Recipes.shortName(run.recipe()),
				threadsText(run.threads()),
				run.trainer(), Report.format(epochs.steady()), Report.format(epochs.spread()),
				(epochs.testAccuracy() != null) ? String.format(", test %.2f%%", 100 * epochs.testAccuracy()) : "",
				run.cancelled() ? ", cancelled at the cap after " + epochs.samplesPerSecond().size() + " epoch(s)" : ""));
	}

	private static long seed(String spec) {
		return ApiClient.JSON.readTree(spec).get("training").get("seed").asLong();
	}

	/**
	 * The rows a job trains on: Kiln's split keeps {@code round(n * validation)} of each
	 * class's {@code n} rows for validation, but at least one for training
	 * (StratifiedSplitter); the rest train. PyTorch trains on as many.
	 */
	private static int kilnTrainRows(int[] labels, String spec) {
		double validation = ApiClient.JSON.readTree(spec).get("split").get("validation").asDouble();
		Map<Integer, Integer> perClass = new LinkedHashMap<>();
		for (int label : labels) {
			perClass.merge(label, 1, Integer::sum);
		}
		int train = 0;
		for (int n : perClass.values()) {
			train += n - Math.min(Math.round(n * validation), n - 1);
		}
		return train;
	}

	/** What was measured, and which thread count Kiln's default would give each recipe. */
	private void describe(List<Integer> threadCounts, FashionMnist dataset) throws IOException {
		Map<String, Object> setup = new LinkedHashMap<>();
		setup.put("kilnArguments", threadCounts.stream()
			.map((threads) -> "java -jar " + this.jar.getFileName() + " --server.port=PORT --kiln.data-dir=DIR "
					+ "--kiln.engine.threads=" + threads)
			.toList());
		Map<String, String> defaults = new LinkedHashMap<>();
		for (String recipe : this.config.recipes()) {
			int threads = Recipes.defaultThreads(spec(recipe), dataset, Runtime.getRuntime().availableProcessors());
			this.defaultThreads.put(recipe, threads);
			defaults.put(recipe, threadsText(threads) + (Recipes.convolutional(spec(recipe))
					? " (a CNN: the cores shared among kiln.jobs.workers, 1 by default)" : " (no convolution)"));
		}
		setup.put("defaultThreads", defaults);
		int trainRows = kilnTrainRows(dataset.trainLabels(), spec(this.config.recipes().get(0)));
		setup.put("rows", String.format("as many training rows for both, not the same ones: Kiln trains on its "
				+ "split's %,d of the %,d registered (each class less the recipe's validation tenth, drawn with the "
				+ "recipe's split seed, so the same rows in every job), PyTorch on the file's first %,d (about nine "
				+ "in ten rows in common); both test on all %,d test rows", trainRows, dataset.trainCount(),
				trainRows, dataset.testCount()));
		setup.put("samplesPerSecond", "per job: the median over its epochs after the first (the first includes "
				+ "the JIT's and PyTorch's warm-up), of training rows over the epoch's training passes (Kiln's "
				+ "validation after each epoch and PyTorch's loading are left out); per figure: the median over "
				+ "the rounds (with two, their mean)");
		this.report.context("service", setup);
	}

	private String spec(String recipe) throws IOException {
		return Recipes.jobJson(this.examples.resolve(recipe), DATASET, this.config.epochs());
	}

	private void report(String recipe, List<Integer> threadCounts) throws IOException {
		String name = Recipes.shortName(recipe);
		int torchBest = best(recipe, "pytorch", threadCounts);
		int kilnBest = best(recipe, "kiln", threadCounts);
		double torchBestRate = rate(recipe, "pytorch", torchBest, false);
		String torchNote = (this.pytorch != null) ? null : this.pytorchMissing;
		boolean spreadTarget = !recipe.contains("softmax");
		for (int threads : threadCounts) {
			String prefix = name + ", " + threadsText(threads) + ": ";
			List<Run> kiln = runs(recipe, "kiln", threads, false);
			List<Run> torch = runs(recipe, "pytorch", threads, false);
			double kilnRate = rate(recipe, "kiln", threads, false);
			double torchRate = rate(recipe, "pytorch", threads, false);
			this.report.add(TITLE, prefix + "Kiln samples/s", kilnRate, "samples/s", null,
					"median over " + kiln.size() + " job" + ((kiln.size() > 1) ? "s" : "") + " of each one's median over "
							+ steadyEpochs() + ": " + each(kiln, EpochRates::steady));
			this.report.add(TITLE, prefix + "PyTorch samples/s", torchRate, "samples/s", null,
					(torchNote != null) ? torchNote : "likewise: " + each(torch, EpochRates::steady));
			this.report.add(TITLE, prefix + "Kiln / PyTorch", kilnRate / torchRate, "x", null, torchNote);
			this.report.add(TITLE, prefix + "Kiln / PyTorch's best", kilnRate / torchBestRate, "x", null,
					(torchNote != null) ? torchNote : "PyTorch's best: " + threadsText(torchBest));
			this.report.add(TITLE, prefix + "Kiln epoch spread", median(kiln, EpochRates::spread), "x",
					spreadTarget ? Report.Target.atMost(1.2) : null,
					"fastest / slowest of " + steadyEpochs() + " inside a job, median over jobs: "
							+ each(kiln, EpochRates::spread));
			this.report.add(TITLE, prefix + "PyTorch epoch spread", median(torch, EpochRates::spread), "x", null,
					(torchNote != null) ? torchNote : "likewise: " + each(torch, EpochRates::spread));
			double kilnAccuracy = accuracy(kiln);
			double torchAccuracy = accuracy(torch);
			String seeds = "mean over seeds " + seeds(kiln);
			this.report.add(TITLE, prefix + "Kiln test accuracy", 100 * kilnAccuracy, "%", null,
					"the best checkpoint's (by validation loss), " + seeds);
			this.report.add(TITLE, prefix + "PyTorch test accuracy", 100 * torchAccuracy, "%", null,
					(torchNote != null) ? torchNote : "after the last epoch, " + seeds);
			this.report.add(TITLE, prefix + "test accuracy, Kiln - PyTorch", 100 * (kilnAccuracy - torchAccuracy),
					"points", null, torchNote);
		}
		this.report.add(TITLE, name + ": Kiln's best / PyTorch's best",
				rate(recipe, "kiln", kilnBest, false) / torchBestRate, "x", Report.Target.atLeast(1.0),
				"Kiln's best: " + threadsText(kilnBest) + " (its defaults would give it "
						+ threadsText(this.defaultThreads.get(recipe)) + "), PyTorch's: "
						+ ((torchNote != null) ? torchNote : threadsText(torchBest)));
	}

	private void reportNeighbour(int threads, int trainRows, Duration cap) {
		String prefix = Recipes.shortName(NEIGHBOUR_RECIPE) + ", " + threadsText(threads) + ", a core busy: ";
		Run kiln = runs(NEIGHBOUR_RECIPE, "kiln", threads, true).get(0);
		int finished = kiln.epochs().samplesPerSecond().size();
		// no epoch within the cap: one epoch's rows over the cap, a rough figure (the cap
		// also counts loading the data), but a rate rather than none
		double kilnBusy = (finished > 0) ? kiln.epochs().steady() : trainRows / (double) cap.toSeconds();
		double kilnQuiet = rate(NEIGHBOUR_RECIPE, "kiln", threads, false);
		double kilnShare = kilnBusy / kilnQuiet;
		double torchBusy = rate(NEIGHBOUR_RECIPE, "pytorch", threads, true);
		double torchQuiet = rate(NEIGHBOUR_RECIPE, "pytorch", threads, false);
		double torchShare = torchBusy / torchQuiet;
		String cancelled = kiln.cancelled() ? ", cancelled at the " + cap.toSeconds() + " s cap" : "";
		this.report.add(TITLE, prefix + "Kiln keeps (busy / quiet)", kilnShare, "x", null,
				String.format("%s samples/s next to python3 -c 'while True: pass' (%d epoch%s%s%s), %s quiet",
						Report.format(kilnBusy), finished, (finished == 1) ? "" : "s", cancelled,
						(finished > 0) ? "" : ": no epoch finished, so one epoch's rows over the cap",
						Report.format(kilnQuiet)));
		this.report.add(TITLE, prefix + "PyTorch keeps (busy / quiet)", torchShare, "x", null,
				(this.pytorch != null)
						? Report.format(torchBusy) + " samples/s next to the busy core, " + Report.format(torchQuiet)
								+ " quiet"
						: this.pytorchMissing);
		String busyFor = (this.config.neighbourSeconds() > 0)
				? "; the busy process ran for the first " + this.config.neighbourSeconds() + " s only" : "";
		this.report.add(TITLE, prefix + "Kiln's share / PyTorch's", kilnShare / torchShare, "x",
				Report.Target.atLeast(1.0),
				(this.pytorch != null) ? "one run each, " + this.config.neighbourEpochs()
						+ " epochs asked for, the median over those after the first" + busyFor : this.pytorchMissing);
	}

	/** The epochs of a quiet run its figures count: all but the first. */
	private String steadyEpochs() {
		return (this.config.epochs() > 2) ? "epochs 2-" + this.config.epochs() : "epoch 2";
	}

	private List<Run> runs(String recipe, String trainer, int threads, boolean busyCore) {
		return this.runs.stream()
			.filter((run) -> run.recipe().equals(recipe) && run.trainer().equals(trainer) && run.threads() == threads
					&& run.busyCore() == busyCore)
			.toList();
	}

	/** The runs' samples/s: the median over them of each one's median epoch (NaN with no runs). */
	private double rate(String recipe, String trainer, int threads, boolean busyCore) {
		return median(runs(recipe, trainer, threads, busyCore), EpochRates::steady);
	}

	/** The thread count at which the trainer was fastest on a quiet machine (1 if it never ran). */
	private int best(String recipe, String trainer, List<Integer> threadCounts) {
		int best = 1;
		for (int threads : threadCounts) {
			if (rate(recipe, trainer, threads, false) > rate(recipe, trainer, best, false)) {
				best = threads;
			}
		}
		return best;
	}

	private static double median(List<Run> runs, ToDoubleFunction<EpochRates> figure) {
		return Samples.middle(runs.stream().map((run) -> figure.applyAsDouble(run.epochs())).toList());
	}

	private static String each(List<Run> runs, ToDoubleFunction<EpochRates> figure) {
		return String.join(", ", runs.stream().map((run) -> Report.format(figure.applyAsDouble(run.epochs()))).toList());
	}

	private static double accuracy(List<Run> runs) {
		return Samples.mean(runs.stream().map((run) -> run.epochs().testAccuracy()).toList());
	}

	private static String seeds(List<Run> runs) {
		return String.join(", ", runs.stream().map((run) -> Long.toString(run.seed())).toList());
	}

	private static String threadsText(int threads) {
		return threads + ((threads == 1) ? " thread" : " threads");
	}

}
