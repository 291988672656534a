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
	void writeTo(Path path) throws IOException;

}
