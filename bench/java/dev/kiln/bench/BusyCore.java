package dev.kiln.bench;

import java.io.IOException;
import java.util.concurrent.TimeUnit;

/**
 * Another process keeping one core busy, as anything else on a shared machine would: a
 * plain {@code python3 -c 'while True: pass'} at the default nice value. It is ended when
 * closed, and when this JVM exits before that (a shutdown hook), so that an interrupted
 * run leaves no spinning process behind.
 */
final class BusyCore implements AutoCloseable {

	private final Process process;

	private final Thread hook;

	private BusyCore(Process process, Thread hook) {
		this.process = process;
		this.hook = hook;
	}

	static BusyCore start(String python) throws IOException {
		Process process = new ProcessBuilder(python, "-c", "while True: pass").redirectErrorStream(true)
			.redirectOutput(ProcessBuilder.Redirect.DISCARD)
			.start();
		Thread hook = new Thread(process::destroyForcibly, "busy-core-stop");
		Runtime.getRuntime().addShutdownHook(hook);
		return new BusyCore(process, hook);
	}

	/** Fails if the process has ended: the figures measured next to it would be quiet ones. */
	void checkAlive() {
		if (!this.process.isAlive()) {
			throw new IllegalStateException("the busy process ended early (exit " + this.process.exitValue() + ")");
		}
	}

	@Override
	public void close() throws InterruptedException {
		this.process.destroyForcibly();
		this.process.waitFor(10, TimeUnit.SECONDS);
		try {
			Runtime.getRuntime().removeShutdownHook(this.hook);
		}
		catch (IllegalStateException ex) {
			// the JVM is shutting down: the hook runs anyway, and finds the process gone
		}
	}

}
