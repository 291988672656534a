package dev.kiln.engine;

import java.io.IOException;
import java.nio.file.Path;

/**
 * The network as it stands at an epoch end. Only valid during the
 * {@link TrainingObserver#epochEnded} call that hands it out (the network belongs to the
 * training thread).
 */
public interface ModelSnapshot {

	/** Writes weights and updater state to {@code path} (the caller makes it atomic). */
	default void writeTo(Path path) throws IOException {
		writeTo(path, null);
	}

	/**
	 * Writes weights, updater state and, unless null, the scaling the network's rows take
	 * (as DL4J's normalizer, see
	 * {@link ModelFiles#write( org.deeplearning4j.nn.multilayer.MultiLayerNetwork, Path, FeatureScaling)})
	 * to {@code path} (the caller makes it atomic).
	 */
	void writeTo(Path path, FeatureScaling scaling) throws IOException;

}
