package dev.kiln.bench;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The packaged jar started as users run it, in a process of its own with a fresh data
 * folder; its console goes to {@code console.log} there.
 */
final class KilnProcess implements AutoCloseable {

	private final Process process;

	private final Path dataDir;

	private final int port;

	private final long startNanos;

	private final Thread exitHook;

	private KilnProcess(Process process, Path dataDir, int port, long startNanos) {
		this.process = process;
		this.dataDir = dataDir;
		this.port = port;
		this.startNanos = startNanos;
		this.exitHook = ChildProcesses.endOnExit(process);
	}

	/** Starts the jar with JVM options and Kiln arguments; does not wait for it. */
	static KilnProcess start(Path jar, Path dataDir, List<String> jvmOptions, List<String> arguments)
			throws IOException {
		Bench.deleteRecursively(dataDir);
		Files.createDirectories(dataDir);
		int port;
		try (ServerSocket socket = new ServerSocket(0)) {
			port = socket.getLocalPort();
		}
		List<String> command = new ArrayList<>();
		command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
		command.addAll(jvmOptions);
		command.addAll(List.of("-jar", jar.toAbsolutePath().toString(), "--server.port=" + port,
				"--kiln.data-dir=" + dataDir));
		command.addAll(arguments);
		ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
			.redirectOutput(dataDir.resolve("console.log").toFile());
		long start = System.nanoTime();
		return new KilnProcess(builder.start(), dataDir, port, start);
	}

	/** Waits until the readiness probe answers UP; answers the seconds since the start. */
	double awaitReady() throws InterruptedException {
		ApiClient anonymous = new ApiClient(this.port, null);
		while (true) {
			if (!this.process.isAlive()) {
				throw new IllegalStateException("Kiln exited while starting; see " + this.dataDir.resolve("console.log"));
			}
			try {
				if (anonymous.get("/actuator/health/readiness").status() == 200) {
					return (System.nanoTime() - this.startNanos) / 1e9;
				}
			}
			catch (RuntimeException ex) {
				// not listening yet
			}
			if (System.nanoTime() - this.startNanos > TimeUnit.MINUTES.toNanos(3)) {
				throw new IllegalStateException("Kiln was not ready within 3 minutes");
			}
			Thread.sleep(20);
		}
	}

	/** A client with the admin key the process wrote at first start. */
	ApiClient admin() throws IOException {
		return new ApiClient(this.port, Files.readString(this.dataDir.resolve("admin-api-key")).strip());
	}

	/**
	 * Has the process collect its garbage now ({@code jcmd <pid> GC.run}, the JDK's own
	 * tool next to this JVM's {@code java}), so that its heap in use is what is live.
	 */
	void collectGarbage() throws IOException, InterruptedException {
		Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
		Process run = new ProcessBuilder(jcmd.toString(), Long.toString(this.process.pid()), "GC.run")
			.redirectErrorStream(true)
			.redirectOutput(ProcessBuilder.Redirect.DISCARD)
			.start();
		if (!run.waitFor(30, java.util.concurrent.TimeUnit.SECONDS) || run.exitValue() != 0) {
			run.destroyForcibly();
			throw new IOException("jcmd " + this.process.pid() + " GC.run failed");
		}
	}

	/**
	 * Sets the process's peak resident set ({@code VmHWM}) back to its current size
	 * (Linux's {@code clear_refs} 5), so that the peak read later is the peak since now.
	 */
	void resetPeakMemory() throws IOException {
		Files.writeString(Path.of("/proc", Long.toString(this.process.pid()), "clear_refs"), "5");
	}

	/**
	 * A figure of the process's memory in bytes from {@code /proc/<pid>/status}: such as
	 * {@code VmRSS} (resident now) or {@code VmHWM} (the most it has been resident).
	 */
	long memory(String field) throws IOException {
		for (String line : Files.readAllLines(Path.of("/proc", Long.toString(this.process.pid()), "status"))) {
			if (line.startsWith(field + ":")) {
				return Long.parseLong(line.substring(field.length() + 1).replace("kB", "").strip()) * 1024;
			}
		}
		throw new IOException("no " + field + " for process " + this.process.pid());
	}

	@Override
	public void close() throws InterruptedException {
		this.process.destroy();
		if (!this.process.waitFor(60, TimeUnit.SECONDS)) {
			this.process.destroyForcibly();
		}
		ChildProcesses.release(this.exitHook);
	}

}
