package dev.kiln.engine;

/**
 * How the engine uses the native runtime.
 *
 * @param oneDnnHelpers run convolution, subsampling, batch-normalisation and LRN layers
 * through DL4J's oneDNN helpers (several times faster CNN training on CPU)
 * @param threads native threads per job; 0 picks per network: all available processors
 * for networks with convolution layers, 1 for the rest (small dense networks train
 * fastest on one thread)
 */
public record EngineSettings(boolean oneDnnHelpers, int threads) {

	public EngineSettings {
		if (threads < 0) {
			throw new IllegalArgumentException("threads must be 0 (auto) or positive, was " + threads);
		}
	}

	/** oneDNN helpers on, threads chosen per network. */
	public static EngineSettings defaults() {
		return new EngineSettings(true, 0);
	}

}
