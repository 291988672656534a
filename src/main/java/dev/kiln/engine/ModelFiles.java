package dev.kiln.engine;

import java.io.IOException;
import java.nio.file.Path;

import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;

/**
 * Reads model files that Kiln wrote itself with {@link ModelSnapshot#writeTo}.
 */
public final class ModelFiles {

	private ModelFiles() {
	}

	public static MultiLayerNetwork load(Path path) throws IOException {
		throw new UnsupportedOperationException("not implemented yet");
	}

}
