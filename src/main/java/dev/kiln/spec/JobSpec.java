package dev.kiln.spec;

import io.swagger.v3.oas.annotations.media.Schema;

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
 * @param device where the job may train: {@code gpu}, {@code cpu} or {@code any}
 * (default); only a node with such a device claims it
 * @param callback where to post a signed notice when the job ends (optional)
 */
@Schema(description = "A training job: the dataset, the model's layers and the training settings. Every field, its "
		+ "default and its range is described once, in docs/job-spec.md of Kiln's sources.")
public record JobSpec(String name, String dataset, SplitSpec split, String normalization, ModelSpec model,
		TrainingSpec training, CheckpointSpec checkpoints, StoppingSpec stopping, String device,
		CallbackSpec callback) {

	@Override
	@Schema(description = "Where the job may train: gpu (only on a node with a GPU), cpu (only on a CPU node) or any "
			+ "(the first free worker of any node). A job no live node can serve stays QUEUED; its waitingFor says "
			+ "why.", allowableValues = { "gpu", "cpu", "any" }, defaultValue = "any")
	public String device() {
		return this.device;
	}

}
