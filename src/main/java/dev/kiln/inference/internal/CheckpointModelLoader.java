package dev.kiln.inference.internal;

import java.io.IOException;
import java.io.UncheckedIOException;

import dev.kiln.checkpoints.CheckpointInfo;
import dev.kiln.checkpoints.CheckpointService;
import dev.kiln.engine.Accelerations;
import dev.kiln.engine.ModelFiles;
import dev.kiln.engine.Predictor;

import org.springframework.stereotype.Component;

/**
 * Loads a checkpoint's weights (not its updater state) after verifying its file against
 * the recorded sha256.
 */
@Component
class CheckpointModelLoader implements ModelLoader {

	private final CheckpointService checkpoints;

	private final Accelerations accelerations;

	CheckpointModelLoader(CheckpointService checkpoints, Accelerations accelerations) {
		this.checkpoints = checkpoints;
		this.accelerations = accelerations;
	}

	@Override
	public Predictor load(CheckpointInfo checkpoint) {
		try {
			return new Predictor(ModelFiles.loadWeights(this.checkpoints.verifiedFile(checkpoint), this.accelerations));
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not load checkpoint " + checkpoint.id(), ex);
		}
	}

}
