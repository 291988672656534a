package dev.kiln.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import dev.kiln.engine.NativeRuntime;
import tools.jackson.databind.JsonNode;

import org.nd4j.nativeblas.NativeOpsHolder;

/**
 * The benchmark suite's entry point ({@code bench/run}). Measures, side by side in one
 * run: the packaged jar's training over HTTP, as users run it, against PyTorch; Kiln's
 * training, with its CPU accelerations on and off, against a bare DL4J loop and PyTorch,
 * inference over HTTP against in-process calls, the control plane under
 * concurrent clients, start-up time and memory. Prints a table of the figures and writes
 * them as JSON.
 */
public final class Bench {

	/** The inference cache's size in the measured Kiln: small, to show eviction. */
	static final int CACHE_SIZE = 2;

	/** The sections, in the order they run. */
	static final List<String> SECTIONS = List.of("service", "training", "inference", "control", "memory", "startup");

	/** The sections that measure a Kiln in this JVM. */
	private static final Set<String> IN_PROCESS = Set.of("training", "inference", "control", "memory");

	static final String USAGE = "usage: bench/run [--tiny|--full] [--only " + String.join(",", SECTIONS) + "] "
			+ "[--recipes fashion-mnist-3-mlp-relu.json,...] [--rounds K] [--data FASHION_MNIST_DIR] [--python PYTHON] "
			+ "[--jar KILN_JAR] [--out FILE]";

	/**
	 * Options as given on the command line.
	 *
	 * @param recipes the recipes to train, or null for each section's own
	 * @param rounds measured rounds in every section, or 0 for the mode's
	 */
	record Options(String mode, Path data, String python, Path out, Path examples, Path work, Path jar,
			Set<String> sections, List<String> recipes, int rounds) {

		static Options parse(String... args) {
			Map<String, String> given = new LinkedHashMap<>();
			for (int i = 0; i < args.length; i++) {
				String arg = args[i];
				switch (arg) {
					case "--full", "--tiny" -> given.put("mode", arg.substring(2));
					case "--mode", "--data", "--python", "--out", "--examples", "--work", "--jar", "--only",
							"--recipes", "--rounds" -> {
						if (i + 1 >= args.length) {
							throw new IllegalArgumentException(arg + " needs a value");
						}
						given.put(arg.substring(2), args[++i]);
					}
					default -> throw new IllegalArgumentException("unknown option " + arg);
				}
			}
			Set<String> sections = new LinkedHashSet<>(SECTIONS);
			if (given.containsKey("only")) {
				sections = new LinkedHashSet<>(List.of(given.get("only").split(",")));
				for (String section : sections) {
					if (!SECTIONS.contains(section)) {
						throw new IllegalArgumentException("unknown section " + section + "; expected " + SECTIONS);
					}
				}
			}
			int rounds = 0;
			if (given.containsKey("rounds")) {
				try {
					rounds = Integer.parseInt(given.get("rounds"));
				}
				catch (NumberFormatException ex) {
					rounds = -1;
				}
				if (rounds < 1) {
					throw new IllegalArgumentException("--rounds needs a whole number of at least 1");
				}
			}
			Path work = Path.of(given.getOrDefault("work", "target/bench"));
			return new Options(given.getOrDefault("mode", "default"),
					Path.of(given.getOrDefault("data", "/usr/share/datasets/fashion-mnist")),
					given.getOrDefault("python", "/usr/bin/python3"),
					Path.of(given.getOrDefault("out", work.resolve("results.json").toString())),
					Path.of(given.getOrDefault("examples", "examples")), work,
					given.containsKey("jar") ? Path.of(given.get("jar")) : null, sections,
					given.containsKey("recipes") ? List.of(given.get("recipes").split(",")) : null, rounds);
		}

		/** The packaged jar: {@code --jar}, else the one in {@code target/}. */
		Path packagedJar() throws IOException {
			return (this.jar != null) ? this.jar : StartupBench.findJar();
		}

	}

	private Bench() {
	}

	public static void main(String[] args) throws Exception {
		NativeRuntime.prepareProcess();
		Options options;
		try {
			options = Options.parse(args);
			BenchConfig.of(options.mode());
		}
		catch (IllegalArgumentException ex) {
			System.err.println(ex.getMessage());
			System.err.println(USAGE);
			System.exit(2);
			return;
		}
		Report report = run(options, System.out);
		System.out.println(report.table());
		System.out.println("Written to " + options.out().toAbsolutePath());
	}

	/** Runs the suite; progress goes to {@code out}. */
	static Report run(Options options, PrintStream out) throws Exception {
		BenchConfig config = BenchConfig.of(options.mode()).with(options.recipes(), options.rounds());
		Report report = new Report();
		Path work = options.work().toAbsolutePath();
		deleteRecursively(work.resolve("kiln-data"));
		deleteRecursively(work.resolve("kiln-off-data"));
		Files.createDirectories(work);
		Map<String, Object> versions = describe(report, options, config);
		PyTorchRunner runner = new PyTorchRunner(options.python(), Path.of("bench", "pytorch", "train.py"),
				work.resolve("scratch"));
		StringBuilder missing = new StringBuilder();
		String torch = runner.version(missing);
		report.context("torch", (torch != null) ? torch : "unavailable: " + missing);
		PyTorchRunner pytorch = (torch != null) ? runner : null;
		String pytorchMissing = missing.toString();
		if (options.sections().contains("service")) {
			BenchConfig.Service service = config.service();
			out.println("Training as users run it: the packaged jar over HTTP (" + service.rounds() + " measured round"
					+ ((service.rounds() > 1) ? "s" : "") + " of " + service.epochs()
					+ " epochs; then the CNN next to a busy core)");
			new ServiceBench(service, options.packagedJar(), options.data(), options.examples(), options.python(),
					pytorch, pytorchMissing, work.resolve("scratch"), report, out::println)
				.run();
		}
		if (options.sections().stream().anyMatch(IN_PROCESS::contains)) {
			inProcess(options, config, report, versions, pytorch, pytorchMissing, out);
		}
		else {
			// no Kiln in this JVM has loaded ND4J: load it as Kiln would, for its build details
			NativeRuntime.settings();
			versions.put("nd4jBuild", nd4jBuild());
		}
		if (options.sections().contains("startup")) {
			out.println("Start-up");
			new StartupBench(config, options.packagedJar(), work.resolve("scratch"), report, out::println).run();
		}
		report.writeJson(options.out());
		return report;
	}

	/** The sections that measure Kiln in this JVM, against a bare loop, in-process calls, ... */
	private static void inProcess(Options options, BenchConfig config, Report report, Map<String, Object> versions,
			PyTorchRunner pytorch, String pytorchMissing, PrintStream out) throws Exception {
		Path work = options.work().toAbsolutePath();
		out.println("Reading " + config.rows() + " training rows from " + options.data());
		FashionMnist data = FashionMnist.read(options.data(), config.rows());
		Path idx = work.resolve("idx");
		data.write(idx);
		Map<String, String> properties = Map.of("kiln.jobs.workers", "2", "kiln.inference.cache-size",
				Integer.toString(CACHE_SIZE), "kiln.limits.max-memory", "1GB");
		boolean training = options.sections().contains("training");
		try (KilnInProcess kiln = KilnInProcess.start(work.resolve("kiln-data"), properties);
				KilnInProcess kilnOff = training ? startAccelerationsOff(work.resolve("kiln-off-data"), properties)
						: null) {
			// after Kiln has set up the native runtime its own way
			versions.put("nd4jBuild", nd4jBuild());
			ApiClient admin = kiln.admin();
			TrainingBench.register(admin, idx);
			Map<String, String> jobs = Map.of();
			if (training) {
				ApiClient offAdmin = kilnOff.admin();
				TrainingBench.register(offAdmin, idx);
				out.println("Training, side by side (" + config.rounds() + " measured rounds after at least "
						+ config.warmups() + " warm-up round and " + config.warmupSeconds() + " s)");
				jobs = new TrainingBench(config, options.examples(), data, idx, admin, offAdmin, pytorch, pytorchMissing,
						work.resolve("scratch"), report, out::println)
					.run();
				// the other sections measure the first Kiln alone: the second's dispatcher
				// would poll its empty queue through them
				kilnOff.close();
			}
			if (options.sections().contains("inference")) {
				String mlpJob = jobs.get(BenchConfig.INFERENCE_RECIPE);
				if (mlpJob == null) {
					mlpJob = trainInferenceModel(admin, options, config);
				}
				out.println("Inference");
				new InferenceBench(config, admin, data, work.resolve("scratch"), report, out::println).run(mlpJob);
			}
			if (options.sections().contains("control")) {
				out.println("Control plane");
				new ControlPlaneBench(config, admin, options.examples().resolve(BenchConfig.INFERENCE_RECIPE), report,
						out::println)
					.run();
			}
			if (options.sections().contains("memory")) {
				out.println("Memory");
				new MemoryBench(config, admin, options.examples(), options.packagedJar(), idx, work.resolve("scratch"),
						CACHE_SIZE, report, out::println)
					.run();
			}
		}
	}

	/**
	 * The second Kiln of the training section: the first's settings but
	 * {@code kiln.engine.accelerations=off}, checked in its health details, since a
	 * misspelt property would leave it accelerated and its ratios near 1.
	 */
	private static KilnInProcess startAccelerationsOff(Path dataDir, Map<String, String> properties)
			throws IOException {
		Map<String, String> off = new LinkedHashMap<>(properties);
		off.put("kiln.engine.accelerations", "off");
		KilnInProcess kiln = KilnInProcess.start(dataDir, off);
		JsonNode engine = ApiClient.ok(kiln.admin().get("/actuator/health"), "health").get("components").get("engine");
		String accelerations = engine.get("details").get("accelerations").asString();
		if (!"off".equals(accelerations)) {
			kiln.close();
			throw new IllegalStateException("the Kiln started with accelerations off reports them " + accelerations);
		}
		return kiln;
	}

	/** The MLP recipe trained once, when the training section did not run. */
	private static String trainInferenceModel(ApiClient admin, Options options, BenchConfig config) throws IOException {
		String id = admin.submit(Recipes.jobJson(options.examples().resolve(BenchConfig.INFERENCE_RECIPE),
				TrainingBench.DATASET, config.epochs()));
		admin.awaitEnd(id, java.time.Duration.ofHours(1));
		return id;
	}

	/**
	 * The run's date, mode, machine and versions; answers the versions, to which the
	 * native build's details are added once ND4J is loaded.
	 */
	private static Map<String, Object> describe(Report report, Options options, BenchConfig config)
			throws IOException {
		report.context("date", Instant.now().toString());
		report.context("mode", config.mode());
		report.context("config", config);
		Map<String, Object> machine = new LinkedHashMap<>();
		machine.put("cores", Runtime.getRuntime().availableProcessors());
		machine.put("cpu", cpuModel());
		machine.put("memoryBytes", ((com.sun.management.OperatingSystemMXBean) ManagementFactory
			.getOperatingSystemMXBean()).getTotalMemorySize());
		machine.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version"));
		report.context("machine", machine);
		Map<String, Object> versions = new LinkedHashMap<>();
		versions.put("java", System.getProperty("java.vm.name") + " " + Runtime.version());
		versions.put("kilnCommit", gitCommit());
		versions.put("dl4j", mavenVersion("org.deeplearning4j", "deeplearning4j-nn"));
		versions.put("nd4j", mavenVersion("org.nd4j", "nd4j-native"));
		report.context("versions", versions);
		report.context("data", options.data().toAbsolutePath().toString());
		return versions;
	}

	/** The version in a dependency's Maven metadata on the classpath (null if absent). */
	private static String mavenVersion(String group, String artifact) {
		String resource = "META-INF/maven/" + group + "/" + artifact + "/pom.properties";
		try (java.io.InputStream in = Bench.class.getClassLoader().getResourceAsStream(resource)) {
			if (in == null) {
				return null;
			}
			java.util.Properties properties = new java.util.Properties();
			properties.load(in);
			return properties.getProperty("version");
		}
		catch (IOException ex) {
			return null;
		}
	}

	/** The measured checkout's commit, with "+changes" if it has uncommitted ones (null outside git). */
	private static String gitCommit() {
		try {
			Process head = new ProcessBuilder("git", "rev-parse", "--short", "HEAD").redirectErrorStream(true).start();
			String commit = new String(head.getInputStream().readAllBytes()).strip();
			Process status = new ProcessBuilder("git", "status", "--porcelain", "--untracked-files=no")
				.redirectErrorStream(true)
				.start();
			String changes = new String(status.getInputStream().readAllBytes()).strip();
			if (head.waitFor() != 0 || status.waitFor() != 0) {
				return null;
			}
			return changes.isEmpty() ? commit : commit + "+changes";
		}
		catch (IOException ex) {
			return null;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return null;
		}
	}

	private static String nd4jBuild() {
		String info = NativeOpsHolder.getInstance().getDeviceNativeOps().buildInfo();
		List<String> parts = new ArrayList<>();
		for (String line : info.split("\n")) {
			if (line.contains("HAVE_") || line.toLowerCase().contains("avx")) {
				parts.add(line.strip());
			}
		}
		return String.join(" ", parts);
	}

	private static String cpuModel() throws IOException {
		Path cpuinfo = Path.of("/proc/cpuinfo");
		if (!Files.isReadable(cpuinfo)) {
			return System.getProperty("os.arch");
		}
		try (Stream<String> lines = Files.lines(cpuinfo)) {
			return lines.filter((line) -> line.startsWith("model name"))
				.map((line) -> line.substring(line.indexOf(':') + 1).strip())
				.findFirst()
				.orElse(System.getProperty("os.arch"));
		}
	}

	static void deleteRecursively(Path folder) throws IOException {
		if (!Files.exists(folder)) {
			return;
		}
		try (Stream<Path> paths = Files.walk(folder)) {
			for (Path path : paths.sorted((a, b) -> b.getNameCount() - a.getNameCount()).toList()) {
				Files.delete(path);
			}
		}
	}

}
