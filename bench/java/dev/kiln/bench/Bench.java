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
 * run: Kiln's training, with its CPU accelerations on and off, against a bare DL4J loop
 * and PyTorch, inference over HTTP against in-process calls, the control plane under
 * concurrent clients, start-up time and memory. Prints a table of the figures and writes
 * them as JSON.
 */
public final class Bench {

	/** The inference cache's size in the measured Kiln: small, to show eviction. */
	static final int CACHE_SIZE = 2;

	static final List<String> SECTIONS = List.of("training", "inference", "control", "memory", "startup");

	/** Options as given on the command line. */
	record Options(String mode, Path data, String python, Path out, Path examples, Path work, Path jar,
			Set<String> sections, List<String> recipes) {

		static Options parse(String... args) {
			Map<String, String> given = new LinkedHashMap<>();
			for (int i = 0; i < args.length; i++) {
				String arg = args[i];
				switch (arg) {
					case "--full", "--tiny" -> given.put("mode", arg.substring(2));
					case "--mode", "--data", "--python", "--out", "--examples", "--work", "--jar", "--only",
							"--recipes" -> {
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
			Path work = Path.of(given.getOrDefault("work", "target/bench"));
			return new Options(given.getOrDefault("mode", "default"),
					Path.of(given.getOrDefault("data", "/usr/share/datasets/fashion-mnist")),
					given.getOrDefault("python", "/usr/bin/python3"),
					Path.of(given.getOrDefault("out", work.resolve("results.json").toString())),
					Path.of(given.getOrDefault("examples", "examples")), work,
					given.containsKey("jar") ? Path.of(given.get("jar")) : null, sections,
					given.containsKey("recipes") ? List.of(given.get("recipes").split(",")) : BenchConfig.RECIPES);
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
			System.err.println("usage: bench/run [--tiny|--full] [--only training,inference,control,memory,startup] "
					+ "[--recipes fashion-mnist-3-mlp-relu.json,...] [--data FASHION_MNIST_DIR] [--python PYTHON] "
					+ "[--out FILE]");
			System.exit(2);
			return;
		}
		Report report = run(options, System.out);
		System.out.println(report.table());
		System.out.println("Written to " + options.out().toAbsolutePath());
	}

	/** Runs the suite; progress goes to {@code out}. */
	static Report run(Options options, PrintStream out) throws Exception {
		BenchConfig config = BenchConfig.of(options.mode()).withRecipes(options.recipes());
		Report report = new Report();
		Path work = options.work().toAbsolutePath();
		deleteRecursively(work.resolve("kiln-data"));
		deleteRecursively(work.resolve("kiln-off-data"));
		Files.createDirectories(work);
		out.println("Reading " + config.rows() + " training rows from " + options.data());
		FashionMnist data = FashionMnist.read(options.data(), config.rows());
		Path idx = work.resolve("idx");
		data.write(idx);
		PyTorchRunner pytorch = new PyTorchRunner(options.python(), Path.of("bench", "pytorch", "train.py"),
				work.resolve("scratch"));
		StringBuilder pytorchMissing = new StringBuilder();
		String torch = pytorch.version(pytorchMissing);
		report.context("torch", (torch != null) ? torch : "unavailable: " + pytorchMissing);
		Map<String, String> properties = Map.of("kiln.jobs.workers", "2", "kiln.inference.cache-size",
				Integer.toString(CACHE_SIZE), "kiln.limits.max-memory", "1GB");
		boolean training = options.sections().contains("training");
		try (KilnInProcess kiln = KilnInProcess.start(work.resolve("kiln-data"), properties);
				KilnInProcess kilnOff = training ? startAccelerationsOff(work.resolve("kiln-off-data"), properties)
						: null) {
			// after Kiln has set up the native runtime its own way
			describe(report, options, config);
			ApiClient admin = kiln.admin();
			TrainingBench.register(admin, idx);
			Map<String, String> jobs = Map.of();
			if (training) {
				ApiClient offAdmin = kilnOff.admin();
				TrainingBench.register(offAdmin, idx);
				out.println("Training, side by side (" + config.rounds() + " measured rounds after at least "
						+ config.warmups() + " warm-up round and " + config.warmupSeconds() + " s)");
				jobs = new TrainingBench(config, options.examples(), data, idx, admin, offAdmin,
						(torch != null) ? pytorch : null, pytorchMissing.toString(), work.resolve("scratch"), report,
						out::println)
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
				Path jar = (options.jar() != null) ? options.jar() : StartupBench.findJar();
				new MemoryBench(config, admin, options.examples(), jar, idx, work.resolve("scratch"), CACHE_SIZE, report,
						out::println)
					.run();
			}
		}
		if (options.sections().contains("startup")) {
			out.println("Start-up");
			Path jar = (options.jar() != null) ? options.jar() : StartupBench.findJar();
			new StartupBench(config, jar, work.resolve("scratch"), report, out::println).run();
		}
		report.writeJson(options.out());
		return report;
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

	private static void describe(Report report, Options options, BenchConfig config) throws IOException {
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
		versions.put("nd4jBuild", nd4jBuild());
		report.context("versions", versions);
		report.context("data", options.data().toAbsolutePath().toString());
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
