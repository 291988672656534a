package dev.kiln.jobs;

import java.util.List;
import java.util.UUID;

import dev.kiln.checkpoints.CheckpointMetric;
import dev.kiln.engine.FeatureScaling;

import org.springframework.modulith.NamedInterface;

/**
 * What inference needs to know about a job's models: the input they take, the classes
 * they name, the feature scaling fitted on the training split (null before the job first
 * ran) and what "best checkpoint" means for it. Part of the {@code models} interface,
 * with the {@link JobStatus} it names.
 */
@NamedInterface("models")
public record TrainedModel(UUID jobId, JobStatus status, List<Integer> featureShape, List<String> featureNames,
		List<String> oneHotColumns, List<String> classNames, FeatureScaling scaling,
		CheckpointMetric checkpointMetric) {
}
