package dev.kiln.engine;

import java.nio.file.Path;

import org.deeplearning4j.nn.conf.MultiLayerConfiguration;

/**
 * One training run: a compiled configuration, the data, and how long to train.
 *
 * @param validation may hold no rows, then validation metrics are NaN
 * @param seed seeds the per-epoch shuffling of the training rows (epoch e uses a seed
 * derived from seed and e, so a resumed run sees the same order)
 * @param resume where to continue from, or null to start fresh
 */
public record TrainingTask(MultiLayerConfiguration configuration, Examples train, Examples validation, int epochs,
		int batchSize, long seed, Resume resume) {

	/**
	 * A checkpoint written by {@link ModelSnapshot#writeTo} after {@code epochsCompleted}
	 * epochs.
	 */
	public record Resume(Path checkpoint, int epochsCompleted) {
	}

}
