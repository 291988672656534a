package dev.kiln.jobs.internal.runtime;

import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;

import dev.kiln.engine.NativeRuntime;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Loads ND4J's native backend on a background thread while the rest of Kiln starts
 * (database migrations, JPA, the web server), rather than making start-up wait for it:
 * the two overlap, and the readiness probe ({@link EngineHealthIndicator}) stays out of
 * service until the backend is in. Nothing waits on this class: a job or a prediction
 * that needs ND4J first applies the same requested settings through
 * {@link NativeRuntime#settings()}; configuring is synchronised, so neither sees a
 * half-configured runtime, and applying the same settings twice changes nothing.
 */
class EngineStartup {

	private static final Logger log = LoggerFactory.getLogger(EngineStartup.class);

	private final Callable<NativeRuntime.Report> loader;

	private final CompletableFuture<NativeRuntime.Report> loaded = new CompletableFuture<>();

	/**
	 * @param loader loads the backend and describes it; runs once, on its own thread
	 */
	EngineStartup(Callable<NativeRuntime.Report> loader) {
		this.loader = loader;
	}

	/** Starts loading on a daemon thread and returns at once. */
	EngineStartup start() {
		Thread thread = new Thread(this::load, "kiln-engine-startup");
		thread.setDaemon(true);
		thread.start();
		return this;
	}

	private void load() {
		try {
			NativeRuntime.Report report = this.loader.call();
			log.info("Native runtime: {}", report);
			this.loaded.complete(report);
		}
		catch (Throwable ex) {
			// a missing native library is a LinkageError: report it rather than lose it
			log.error("The ND4J backend could not be loaded", ex);
			this.loaded.completeExceptionally(ex);
		}
	}

	/** Done, normally or not, once loading has ended. */
	CompletableFuture<NativeRuntime.Report> loaded() {
		return this.loaded;
	}

}
