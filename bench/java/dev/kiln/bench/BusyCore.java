package dev.kiln.bench;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Another process keeping one core busy, as anything else on a shared machine would: a
 * plain {@code python3 -c 'while True: pass'} at the default nice value. It ends when
 * closed, or at the end of its lifetime if it was given one, and with this JVM.
 */
final class BusyCore implements AutoCloseable {

	private final Process process;

	private final Thread exitHook;

	private final boolean limited;

	private BusyCore(Process process, Thread exitHook, boolean limited) {
		this.process = process;
		this.exitHook = exitHook;
		this.limited = limited;
	}

	/** Starts the process; {@code lifetime} null keeps it busy until closed. */
	static BusyCore start(String python, Duration lifetime) throws IOException {
		Process process = new ProcessBuilder(python, "-c", "while True: pass").redirectErrorStream(true)
			.redirectOutput(ProcessBuilder.Redirect.DISCARD)
			.start();
		Thread exitHook = ChildProcesses.endOnExit(process);
		if (lifetime != null) {
			Thread limit = new Thread(() -> {
				try {
					process.waitFor(lifetime.toMillis(), TimeUnit.MILLISECONDS);
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
				}
				process.destroyForcibly();
			}, "busy-core-lifetime");
			limit.setDaemon(true);
			limit.start();
		}
		return new BusyCore(process, exitHook, lifetime != null);
	}

	/**
	 * Fails if the process ended before it was closed (and before its lifetime, if it had
	 * one): what was measured next to it would then have run on a quiet machine.
	 */
	void checkAlive() {
		if (!this.limited && !this.process.isAlive()) {
			throw new IllegalStateException("the busy process ended early (exit " + this.process.exitValue() + ")");
		}
	}

	@Override
	public void close() throws InterruptedException {
		this.process.destroyForcibly();
		this.process.waitFor(10, TimeUnit.SECONDS);
		ChildProcesses.release(this.exitHook);
	}

}
