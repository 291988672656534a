package dev.kiln.engine;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;

/**
 * Reads model files that Kiln wrote itself with {@link ModelSnapshot#writeTo}.
 * <p>
 * Loading a model file deserialises objects named in it: only ever pass files that Kiln
 * wrote to its own storage, never files uploaded by users.
 */
public final class ModelFiles {

	private ModelFiles() {
	}

	/**
	 * The network stored at {@code path} with its updater state (so training can resume
	 * with the optimiser's moments) and its iteration and epoch counters.
	 * @throws NoSuchFileException if there is no file at {@code path}
	 * @throws IOException if the file cannot be read as a network
	 */
	public static MultiLayerNetwork load(Path path) throws IOException {
		return load(path, true);
	}

	/**
	 * The network stored at {@code path} without its updater state: enough to predict
	 * with, in a third of the memory when the optimiser was Adam.
	 * @throws NoSuchFileException if there is no file at {@code path}
	 * @throws IOException if the file cannot be read as a network
	 */
	public static MultiLayerNetwork loadWeights(Path path) throws IOException {
		return load(path, false);
	}

	private static MultiLayerNetwork load(Path path, boolean withUpdater) throws IOException {
		if (!Files.isRegularFile(path)) {
			throw new NoSuchFileException(path.toString(), null, "no model file");
		}
		// networks get oneDNN helpers when their layers are created: configure first
		NativeRuntime.settings();
		try {
			return ModelSerializer.restoreMultiLayerNetwork(path.toFile(), withUpdater);
		}
		catch (IOException ex) {
			throw ex;
		}
		catch (RuntimeException ex) {
			throw new IOException("Not a readable model file: " + path + " (" + ex.getMessage() + ")", ex);
		}
	}

}
