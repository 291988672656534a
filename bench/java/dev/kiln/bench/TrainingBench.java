package dev.kiln.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

import dev.kiln.engine.NativeRuntime;
import dev.kiln.spec.CompiledSpec;
import tools.jackson.databind.JsonNode;

import org.deeplearning4j.nn.conf.MultiLayerConfiguration;

/**
 * Each course recipe trained side by side, on the same rows, epochs, batch size and
 * threads, by a bare DL4J loop in this JVM, by Kiln as a job submitted over HTTP (the
 * same JVM: metrics, checkpoints, heartbeats and all), by the same job on a second Kiln
 * with {@code kiln.engine.accelerations=off} (DL4J's own implementations, the path a GPU
 * takes), and by PyTorch.
 */
final class TrainingBench {

	static final String OVERHEAD = "Training: Kiln job over HTTP vs bare DL4J loop (same JVM)";

	static final String PYTORCH = "Training: Kiln vs PyTorch (CPU, same threads)";

	/** The name the in-process Kilns know the benchmark's rows by. */
	static final String DATASET = "fashion-bench";

	private final BenchConfig config;

	private final Path examples;

	private final FashionMnist data;

	private final Path idxFolder;

	private final ApiClient kiln;

	/** A second Kiln, the same but for {@code kiln.engine.accelerations=off}. */
	private final ApiClient kilnOff;

	private final PyTorchRunner pytorch;

	private final String pytorchMissing;

	private final Path scratch;

	private final Report report;

	private final Consumer<String> log;

	/** The last job Kiln trained per recipe. */
	private final Map<String, String> lastJobs = new LinkedHashMap<>();

	TrainingBench(BenchConfig config, Path examples, FashionMnist data, Path idxFolder, ApiClient kiln,
			ApiClient kilnOff, PyTorchRunner pytorch, String pytorchMissing, Path scratch, Report report,
			Consumer<String> log) {
		this.config = config;
		this.examples = examples;
		this.data = data;
		this.idxFolder = idxFolder;
		this.kiln = kiln;
		this.kilnOff = kilnOff;
		this.pytorch = pytorch;
		this.pytorchMissing = pytorchMissing;
		this.scratch = scratch;
		this.report = report;
		this.log = log;
	}

	/** Registers the rows with Kiln as the dataset {@link #DATASET}. */
	static void register(ApiClient kiln, Path idxFolder) throws IOException {
		FashionMnist.register(kiln, idxFolder, DATASET);
	}

	/** Runs every recipe; answers the id of the job Kiln trained last per recipe. */
	Map<String, String> run() throws Exception {
		BareLoop bare = new BareLoop(this.data, this.config.trainRows(), 100, this.scratch);
		SideBySide sideBySide = new SideBySide(this.config.warmups(), this.config.warmupSeconds(),
				this.config.rounds(), this.log);
		for (String recipe : this.config.recipes()) {
			Path recipeFile = this.examples.resolve(recipe);
			String spec = Recipes.jobJson(recipeFile, DATASET, this.config.epochs());
			MultiLayerConfiguration configuration = compile(spec).configuration();
			int threads = NativeRuntime.threadsFor(configuration);
			long seed = 42;
			this.log.accept("  " + recipe + " (" + threads + " thread" + ((threads > 1) ? "s" : "") + ")");
			// every variant runs once per round, so these counters give each round's runs the
			// same seed; every run's test accuracy is kept, the warm-ups' included
			AtomicLong bareSeeds = new AtomicLong(seed);
			AtomicLong kilnSeeds = new AtomicLong(seed);
			AtomicLong kilnOffSeeds = new AtomicLong(seed);
			AtomicLong dl4jLayersSeeds = new AtomicLong(seed);
			AtomicLong torchSeeds = new AtomicLong(seed);
			Map<String, List<Double>> accuracies = new LinkedHashMap<>();
			List<SideBySide.Variant> variants = new ArrayList<>();
			variants.add(new SideBySide.Variant("dl4j", () -> {
				long runSeed = bareSeeds.getAndIncrement();
				return kept(accuracies, "dl4j", bareRun(bare, spec, runSeed));
			}));
			variants.add(new SideBySide.Variant("kiln",
					() -> kept(accuracies, "kiln", kilnJob(recipe, Recipes.withSeed(spec, kilnSeeds.getAndIncrement())))));
			variants.add(new SideBySide.Variant("kiln off",
					() -> kept(accuracies, "kiln off", kilnOffJob(Recipes.withSeed(spec, kilnOffSeeds.getAndIncrement())))));
			// the same network with DL4J's own layers, as one would write it by hand
			variants.add(new SideBySide.Variant("dl4j layers", () -> {
				long runSeed = dl4jLayersSeeds.getAndIncrement();
				return bare.run(compile(Recipes.withSeed(spec, runSeed)).configuration(), this.config.epochs(), runSeed, false);
			}));
			if (this.pytorch != null) {
				variants.add(new SideBySide.Variant("pytorch",
						() -> kept(accuracies, "pytorch", this.pytorch.run(this.idxFolder, recipeFile,
								this.config.trainRows(), this.config.epochs(), threads, torchSeeds.getAndIncrement()))));
			}
			boolean pairs = threads == 1 && Runtime.getRuntime().availableProcessors() >= 2;
			if (pairs) {
				// a single-threaded job leaves cores free: a node runs one job per worker
				variants.add(new SideBySide.Variant("kiln x2", () -> kilnJobs(recipe, spec, 2)));
				if (this.pytorch != null) {
					variants.add(new SideBySide.Variant("pytorch x2", () -> concurrently(2,
							() -> this.pytorch.run(this.idxFolder, recipeFile, this.config.trainRows(),
									this.config.epochs(), threads, seed))));
				}
			}
			Map<String, Map<String, Double>> medians = sideBySide.run(variants);
			moreAccuracies(recipe, recipeFile, spec, threads, bare, kilnSeeds.get(), accuracies);
			report(recipe, threads, medians, accuracies);
			if (pairs) {
				reportPairs(recipe, medians);
			}
		}
		return this.lastJobs;
	}

	private void report(String recipe, int threads, Map<String, Map<String, Double>> medians,
			Map<String, List<Double>> accuracies) {
		String name = Recipes.shortName(recipe);
		Map<String, Double> bare = medians.get("dl4j");
		Map<String, Double> kiln = medians.get("kiln");
		boolean overheadTarget = !recipe.contains("softmax");
		this.report.add(OVERHEAD, name + ": samples/s while fitting, Kiln / bare",
				kiln.get("samplesPerSecond") / bare.get("samplesPerSecond"), "x",
				overheadTarget ? Report.Target.atLeast(0.97) : null,
				String.format("Kiln %s, bare %s samples/s", Report.format(kiln.get("samplesPerSecond")),
						Report.format(bare.get("samplesPerSecond"))));
		this.report.add(OVERHEAD, name + ": whole run, bare seconds / Kiln seconds",
				bare.get("wallSeconds") / kiln.get("wallSeconds"), "x",
				overheadTarget ? Report.Target.atLeast(0.97) : null,
				String.format("Kiln %.2f s from RUNNING to SUCCEEDED, bare loop %.2f s", kiln.get("wallSeconds"),
						bare.get("wallSeconds")));
		Map<String, Double> kilnOff = medians.get("kiln off");
		Map<String, Double> torch = medians.get("pytorch");
		double kilnRate = kiln.get("samplesPerSecond");
		double kilnOffRate = kilnOff.get("samplesPerSecond");
		double torchRate = (torch != null) ? torch.get("samplesPerSecond") : Double.NaN;
		String threadsNote = threads + " thread" + ((threads > 1) ? "s" : "");
		this.report.add(PYTORCH, name + ": samples/s, Kiln / PyTorch", kilnRate / torchRate, "x",
				Report.Target.atLeast(1.0),
				(torch != null) ? String.format("Kiln %s, PyTorch %s samples/s, %s", Report.format(kilnRate),
						Report.format(torchRate), threadsNote) : this.pytorchMissing);
		this.report.add(PYTORCH, name + ": samples/s, Kiln, accelerations off / PyTorch", kilnOffRate / torchRate,
				"x", null,
				(torch != null) ? String.format("%s samples/s: kiln.engine.accelerations=off, DL4J's implementations "
						+ "everywhere (the path a GPU takes)", Report.format(kilnOffRate)) : this.pytorchMissing);
		this.report.add(PYTORCH, name + ": samples/s, Kiln, accelerations on / off", kilnRate / kilnOffRate, "x",
				null, String.format("Kiln %s, with accelerations off %s samples/s: what Kiln's CPU implementations buy",
						Report.format(kilnRate), Report.format(kilnOffRate)));
		if (torch == null) {
			return;
		}
		this.report.add(PYTORCH, name + ": samples/s, bare DL4J / PyTorch",
				bare.get("samplesPerSecond") / torch.get("samplesPerSecond"), "x", null,
				"for reference: DL4J without Kiln");
		Map<String, Double> dl4jLayers = medians.get("dl4j layers");
		if (dl4jLayers != null) {
			this.report.add(PYTORCH, name + ": samples/s, bare DL4J with its own layers / PyTorch",
					dl4jLayers.get("samplesPerSecond") / torch.get("samplesPerSecond"), "x", null,
					String.format("%s samples/s: DL4J's dense, convolution and ReLU classes, not Kiln's",
							Report.format(dl4jLayers.get("samplesPerSecond"))));
		}
		List<Double> kilnAccuracies = accuracies.get("kiln");
		List<Double> torchAccuracies = accuracies.get("pytorch");
		List<Double> bareAccuracies = accuracies.get("dl4j");
		List<Double> kilnOffAccuracies = accuracies.get("kiln off");
		double difference = Samples.mean(kilnAccuracies) - Samples.mean(torchAccuracies);
		double differenceError = Math.hypot(Samples.standardError(kilnAccuracies),
				Samples.standardError(torchAccuracies));
		this.report.add(PYTORCH, name + ": test accuracy, Kiln - PyTorch", 100 * difference, "points",
				Report.Target.atLeast(-0.5),
				String.format("means over %d seeds each, +- standard error: Kiln %s, PyTorch %s, bare DL4J %s, "
						+ "Kiln with accelerations off %s; the difference +- %.2f", kilnAccuracies.size(),
						percent(kilnAccuracies), percent(torchAccuracies), percent(bareAccuracies),
						percent(kilnOffAccuracies), 100 * differenceError));
	}

	/** A sample's mean and standard error, in percent. */
	private static String percent(List<Double> accuracies) {
		return String.format("%.2f%% +- %.2f", 100 * Samples.mean(accuracies), 100 * Samples.standardError(accuracies));
	}

	private void reportPairs(String recipe, Map<String, Map<String, Double>> medians) {
		String name = Recipes.shortName(recipe);
		Map<String, Double> kiln = medians.get("kiln x2");
		Map<String, Double> torch = medians.get("pytorch x2");
		double kilnNode = kiln.get("samplesPerSecond");
		this.report.add(OVERHEAD, name + ": 2 jobs at once, node samples/s / 1 job's", kilnNode
				/ medians.get("kiln").get("samplesPerSecond"), "x", null,
				String.format("two workers, one thread each: %s samples/s in all", Report.format(kilnNode)));
		if (torch != null) {
			this.report.add(PYTORCH, name + ": 2 at once, node samples/s, Kiln / PyTorch",
					kilnNode / torch.get("samplesPerSecond"), "x", null,
					String.format("two Kiln jobs %s, two PyTorch processes %s samples/s in all",
							Report.format(kilnNode), Report.format(torch.get("samplesPerSecond"))));
		}
	}

	/** The bare loop trains the recipe's network from {@code seed}. */
	private Map<String, Double> bareRun(BareLoop bare, String spec, long seed) throws IOException {
		return bare.run(compile(Recipes.withSeed(spec, seed)).configuration(), this.config.epochs(), seed, true);
	}

	/** Keeps the run's test accuracy under {@code variant}; answers the figures. */
	private static Map<String, Double> kept(Map<String, List<Double>> accuracies, String variant,
			Map<String, Double> figures) {
		accuracies.computeIfAbsent(variant, (k) -> new ArrayList<>()).add(figures.get("testAccuracy"));
		return figures;
	}

	/**
	 * Trains more networks, with seeds from {@code nextSeed} on, until Kiln with
	 * accelerations on and off, the bare loop and PyTorch each have {@code accuracySeeds}
	 * test accuracies. A network's accuracy
	 * after a few epochs varies by a point or more from seed to seed, more than the
	 * difference the comparison looks for.
	 */
	private void moreAccuracies(String recipe, Path recipeFile, String spec, int threads, BareLoop bare, long nextSeed,
			Map<String, List<Double>> accuracies) throws Exception {
		int count = this.config.accuracySeeds() - accuracies.get("kiln").size();
		if (count <= 0) {
			return;
		}
		this.log.accept("    accuracy: " + count + " more seeds per variant");
		for (int i = 0; i < count; i++) {
			long seed = nextSeed + i;
			kept(accuracies, "kiln", kilnJob(recipe, Recipes.withSeed(spec, seed)));
			kept(accuracies, "kiln off", kilnOffJob(Recipes.withSeed(spec, seed)));
			kept(accuracies, "dl4j", bareRun(bare, spec, seed));
		}
		if (this.pytorch != null) {
			accuracies.get("pytorch")
				.addAll(this.pytorch.accuracies(this.idxFolder, recipeFile, this.config.trainRows(), this.config.epochs(),
						threads, nextSeed, count));
		}
	}

	/** Runs {@code count} copies at once; answers their summed samples/s. */
	private static Map<String, Double> concurrently(int count, SideBySide.Run run) throws Exception {
		ExecutorService pool = Executors.newFixedThreadPool(count);
		try {
			List<Future<Map<String, Double>>> runs = new ArrayList<>();
			for (int i = 0; i < count; i++) {
				runs.add(pool.submit(run::measure));
			}
			double samplesPerSecond = 0;
			for (Future<Map<String, Double>> result : runs) {
				samplesPerSecond += result.get().get("samplesPerSecond");
			}
			return Map.of("samplesPerSecond", samplesPerSecond);
		}
		finally {
			pool.shutdownNow();
		}
	}

	/** {@code count} jobs submitted at once; answers their summed samples/s. */
	private Map<String, Double> kilnJobs(String recipe, String spec, int count) {
		List<String> ids = new ArrayList<>();
		for (int i = 0; i < count; i++) {
			ids.add(this.kiln.submit(spec));
		}
		double samplesPerSecond = 0;
		for (String id : ids) {
			samplesPerSecond += finished(recipe, id).get("samplesPerSecond");
		}
		return Map.of("samplesPerSecond", samplesPerSecond);
	}

	private Map<String, Double> kilnJob(String recipe, String spec) {
		return finished(recipe, this.kiln.submit(spec));
	}

	/** A job on the Kiln with accelerations off; the later sections use only the first Kiln's jobs. */
	private Map<String, Double> kilnOffJob(String spec) {
		return measured(this.kilnOff, this.kilnOff.submit(spec));
	}

	/** A job on the first Kiln, remembered as the recipe's last. */
	private Map<String, Double> finished(String recipe, String id) {
		Map<String, Double> figures = measured(this.kiln, id);
		this.lastJobs.put(recipe, id);
		return figures;
	}

	/** Waits for the job to succeed; answers samples/s while fitting, seconds and test accuracy. */
	private static Map<String, Double> measured(ApiClient kiln, String id) {
		JsonNode job = kiln.awaitSuccess(id, Duration.ofHours(2));
		JsonNode metrics = kiln.epochMetrics(id);
		// every epoch trains the same rows: the overall rate is the harmonic mean
		double secondsPerSample = 0;
		for (JsonNode epoch : metrics) {
			secondsPerSample += 1 / epoch.get("samplesPerSecond").asDouble();
		}
		Map<String, Double> figures = new LinkedHashMap<>();
		figures.put("samplesPerSecond", metrics.size() / secondsPerSample);
		Instant started = Instant.parse(job.get("startedAt").asString());
		Instant finished = Instant.parse(job.get("finishedAt").asString());
		figures.put("wallSeconds", Duration.between(started, finished).toNanos() / 1e9);
		figures.put("testAccuracy", kiln.testAccuracy(job));
		return figures;
	}

	private CompiledSpec compile(String spec) {
		return Recipes.compile(spec, this.data, this.config.trainRows());
	}

}
