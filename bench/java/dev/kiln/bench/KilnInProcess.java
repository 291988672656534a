package dev.kiln.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.kiln.KilnApplication;
import dev.kiln.engine.NativeRuntime;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Kiln started whole inside the benchmark's JVM, on its embedded defaults (H2 file
 * database, CPU, a data folder of its own) and a free port, so a bare loop can be
 * measured in the same process. Its log goes to {@code kiln.log} in the data folder; but
 * Spring Boot configures Logback once per JVM, so a Kiln started while another runs logs
 * into the other's.
 */
final class KilnInProcess implements AutoCloseable {

	private final ConfigurableApplicationContext context;

	private final Path dataDir;

	private final int port;

	private KilnInProcess(ConfigurableApplicationContext context, Path dataDir, int port) {
		this.context = context;
		this.dataDir = dataDir;
		this.port = port;
	}

	static KilnInProcess start(Path dataDir, Map<String, String> properties) throws IOException {
		NativeRuntime.prepareProcess();
		Files.createDirectories(dataDir);
		List<String> args = new ArrayList<>(List.of("--server.port=0", "--kiln.data-dir=" + dataDir,
				"--spring.main.banner-mode=off", "--logging.file.name=" + dataDir.resolve("kiln.log"),
				"--logging.threshold.console=OFF"));
		properties.forEach((name, value) -> args.add("--" + name + "=" + value));
		ConfigurableApplicationContext context = new SpringApplicationBuilder(KilnApplication.class)
			.run(args.toArray(String[]::new));
		int port = Integer.parseInt(context.getEnvironment().getRequiredProperty("local.server.port"));
		KilnInProcess kiln = new KilnInProcess(context, dataDir, port);
		kiln.awaitReady(Duration.ofMinutes(2));
		return kiln;
	}

	int port() {
		return this.port;
	}

	Path dataDir() {
		return this.dataDir;
	}

	/** A client with the admin key Kiln wrote at first start. */
	ApiClient admin() throws IOException {
		return new ApiClient(this.port, Files.readString(this.dataDir.resolve("admin-api-key")).strip());
	}

	private void awaitReady(Duration timeout) {
		ApiClient anonymous = new ApiClient(this.port, null);
		Instant deadline = Instant.now().plus(timeout);
		while (anonymous.get("/actuator/health/readiness").status() != 200) {
			if (Instant.now().isAfter(deadline)) {
				throw new IllegalStateException("Kiln was not ready within " + timeout + "; see "
						+ this.dataDir.resolve("kiln.log"));
			}
			ApiClient.pause(50);
		}
	}

	@Override
	public void close() {
		// a closed context ignores another close
		this.context.close();
	}

}
