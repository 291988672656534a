package dev.kiln.spec;

/**
 * A training job as a client submits it. Every field is optional at this level so that
 * validation can name each missing or bad one by its JSON path; {@link SpecCompiler}
 * applies the defaults.
 *
 * @param dataset a dataset id or name
 * @param normalization {@code none} (default), {@code minmax} (scale to [0,1]) or
 * {@code standardize} (zero mean, unit variance); statistics come from the training split
 * only
 * @param stopping stop conditions: a runtime limit, a queue-wait limit and early stopping
 * (all optional)
 */
public record JobSpec(String name, String dataset, SplitSpec split, String normalization, ModelSpec model,
		TrainingSpec training, CheckpointSpec checkpoints, StoppingSpec stopping) {
}
