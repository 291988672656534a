package dev.kiln.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
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
		try (KilnProcess kiln = KilnProcess.start(this.jar, this.scratch.resolve("startup-" + index), List.of(),
				List.of())) {
			return kiln.awaitReady();
		}
	}

}
