package dev.kiln.inference.internal;

import dev.kiln.checkpoints.CheckpointInfo;
import dev.kiln.engine.Predictor;

/** Loads a checkpoint's network for predictions. */
@FunctionalInterface
interface ModelLoader {

	Predictor load(CheckpointInfo checkpoint);

}
