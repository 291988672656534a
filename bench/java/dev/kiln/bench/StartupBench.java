package dev.kiln.bench;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * Start-up time of the packaged jar as users run it: from launching {@code java -jar} to
 * the readiness probe answering UP (migrations run, ND4J loaded), each start on a fresh
 * data folder.
 */
final class StartupBench {

	static final String SECTION = "Start-up: java -jar to ready";

	private final BenchConfig config;

	private final Path jar;

	private final Path scratch;

	private final Report report;

	private final Consumer<String> log;

	StartupBench(BenchConfig config, Path jar, Path scratch, Report report, Consumer<String> log) {
		this.config = config;
		this.jar = jar;
		this.scratch = scratch;
		this.report = report;
		this.log = log;
	}

	/** The executable jar in {@code target/}. */
	static Path findJar() throws IOException {
		try (Stream<Path> files = Files.list(Path.of("target"))) {
			return files.filter((path) -> path.getFileName().toString().matches("kiln-.*\\.jar"))
				.findFirst()
				.orElseThrow(() -> new IllegalStateException("no kiln-*.jar in target/: run ./mvnw package first"));
		}
	}

	void run() throws Exception {
		List<Double> seconds = new ArrayList<>();
		for (int i = 0; i < this.config.startups(); i++) {
			double started = startOnce(i);
			this.log.accept(String.format("    start %d: %.2f s", i + 1, started));
			seconds.add(started);
		}
		this.report.add(SECTION, "fresh data folder, median of " + seconds.size(), Samples.median(seconds), "s", null,
				"H2 created and migrated, admin key written, ND4J loaded");
	}

	private double startOnce(int index) throws Exception {
		Path data = this.scratch.resolve("startup-" + index);
		Bench.deleteRecursively(data);
		Files.createDirectories(data);
		int port;
		try (ServerSocket socket = new ServerSocket(0)) {
			port = socket.getLocalPort();
		}
		Path java = Path.of(System.getProperty("java.home"), "bin", "java");
		ProcessBuilder builder = new ProcessBuilder(java.toString(), "-jar", this.jar.toAbsolutePath().toString(),
				"--server.port=" + port, "--kiln.data-dir=" + data)
			.redirectErrorStream(true)
			.redirectOutput(data.resolve("console.log").toFile());
		long start = System.nanoTime();
		Process process = builder.start();
		try {
			ApiClient anonymous = new ApiClient(port, null);
			while (true) {
				if (!process.isAlive()) {
					throw new IllegalStateException("Kiln exited while starting; see " + data.resolve("console.log"));
				}
				try {
					if (anonymous.get("/actuator/health/readiness").status() == 200) {
						return (System.nanoTime() - start) / 1e9;
					}
				}
				catch (RuntimeException ex) {
					// not listening yet
				}
				if (System.nanoTime() - start > TimeUnit.MINUTES.toNanos(3)) {
					throw new IllegalStateException("Kiln was not ready within 3 minutes");
				}
				Thread.sleep(20);
			}
		}
		finally {
			process.destroy();
			if (!process.waitFor(60, TimeUnit.SECONDS)) {
				process.destroyForcibly();
			}
		}
	}

}
