package dev.kiln.bench;

/**
 * Processes the harness starts are ended with it: when it closes them, or, if it exits
 * first (Ctrl-C on {@code bench/run}, a test run stopped), by a shutdown hook, so that no
 * Kiln or busy process is left running on the machine.
 */
final class ChildProcesses {

	private ChildProcesses() {
	}

	/** Ends the process if this JVM exits before it does; answers the hook for {@link #release}. */
	static Thread endOnExit(Process process) {
		Thread hook = new Thread(process::destroy, "end-" + process.pid());
		Runtime.getRuntime().addShutdownHook(hook);
		return hook;
	}

	/** The process has been ended: its hook is no longer needed. */
	static void release(Thread hook) {
		try {
			Runtime.getRuntime().removeShutdownHook(hook);
		}
		catch (IllegalStateException ex) {
			// the JVM is shutting down: the hook runs anyway, and finds the process gone
		}
	}

}
