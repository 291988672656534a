package dev.kiln.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Kiln as operators run it: the executable jar the package phase made, started as a
 * process of its own by the tests that kill, restart or multiply it.
 */
final class PackagedJar {

	private PackagedJar() {
	}

	/** The executable jar in {@code target/} (not the {@code .original} one). */
	static Path executable() throws IOException {
		try (Stream<Path> files = Files.list(Path.of("target"))) {
			return files.filter((path) -> path.getFileName().toString().matches("kiln-.*\\.jar"))
				.filter((path) -> !path.getFileName().toString().endsWith(".original"))
				.findFirst()
				.orElseThrow(() -> new AssertionError("no executable jar in target/: run the package phase first"))
				.toAbsolutePath();
		}
	}

	static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
	}

	/**
	 * Waits until the process answers its readiness probe (migrations ran, ND4J loaded),
	 * failing if it exits or takes longer than {@code timeout}; {@code log} is named in
	 * the failure.
	 */
	static void awaitReady(Process process, int port, Path log, Duration timeout) {
		KilnClient anonymous = new KilnClient(port, null);
		Instant deadline = Instant.now().plus(timeout);
		while (true) {
			assertThat(process.isAlive()).as("Kiln exited while starting; see %s", log).isTrue();
			assertThat(Instant.now()).as("Kiln was not ready within %s; see %s", timeout, log).isBefore(deadline);
			try {
				if (anonymous.get("/actuator/health/readiness").status() == 200) {
					return;
				}
			}
			catch (UncheckedIOException ex) {
				// not listening yet
			}
			KilnClient.sleep(200);
		}
	}

	/** Kills a started jar, if it still runs, and waits for it to exit. */
	static void kill(Process process) throws InterruptedException {
		if (process == null) {
			return;
		}
		if (process.isAlive()) {
			process.destroyForcibly();
		}
		process.waitFor(30, TimeUnit.SECONDS);
	}

}
