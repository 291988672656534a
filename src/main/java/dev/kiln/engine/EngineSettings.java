package dev.kiln.engine;

/**
 * How the engine uses the native runtime.
 *
 * @param oneDnnHelpers run convolution, subsampling, batch-normalisation and LRN layers
 * through DL4J's oneDNN helpers (several times faster CNN training on CPU)
 * @param threads native threads per job with convolution layers; 0 picks the available
 * processors shared among the jobs that train at once. Networks without convolutions
 * train on one thread whatever this is (their small steps train fastest on one)
 * @param concurrentJobs how many jobs train at once in this process (at least 1): with
 * {@code threads} 0, a CNN gets {@code processors / concurrentJobs} threads, never more
 * threads in total than cores (more collapses OpenMP's spinning barriers, see
 * docs/profiling.md)
 */
public record EngineSettings(boolean oneDnnHelpers, int threads, int concurrentJobs) {

	public EngineSettings {
		if (threads < 0) {
			throw new IllegalArgumentException("threads must be 0 (auto) or positive, was " + threads);
		}
		if (concurrentJobs < 1) {
			throw new IllegalArgumentException("concurrentJobs must be at least 1, was " + concurrentJobs);
		}
	}

	/** One job at a time. */
	public EngineSettings(boolean oneDnnHelpers, int threads) {
		this(oneDnnHelpers, threads, 1);
	}

	/** oneDNN helpers on, threads chosen per network, one job at a time. */
	public static EngineSettings defaults() {
		return new EngineSettings(true, 0);
	}

}
