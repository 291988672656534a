package dev.kiln.checkpoints;

import java.io.IOException;
import java.nio.file.Path;

/**
 * Writes a model to a file; the checkpoint store makes that write atomic.
 */
@FunctionalInterface
public interface CheckpointFileWriter {

	void writeTo(Path path) throws IOException;

}
