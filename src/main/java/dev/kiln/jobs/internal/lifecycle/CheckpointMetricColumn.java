package dev.kiln.jobs.internal.lifecycle;

import dev.kiln.checkpoints.CheckpointMetric;
import jakarta.persistence.Converter;

/** Stores {@link Job#checkpointMetric()} as validationLoss or validationAccuracy. */
@Converter
public class CheckpointMetricColumn extends WordColumn<CheckpointMetric> {

	public CheckpointMetricColumn() {
		super(CheckpointMetric.class, CheckpointMetric::specName);
	}

}
