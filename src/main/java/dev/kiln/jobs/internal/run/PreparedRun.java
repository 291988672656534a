package dev.kiln.jobs.internal.run;

import java.util.List;

import dev.kiln.checkpoints.CheckpointMetric;
import dev.kiln.engine.Examples;
import dev.kiln.engine.TrainingObserver;
import dev.kiln.engine.TrainingTask;

/**
 * One attempt of a job, ready to train: what the engine trains and who records it, and
 * what the runner needs once training ends.
 *
 * @param task the network, its scaled training and validation rows, and where a resumed
 * attempt starts
 * @param observer records each epoch and tells the engine when and why to stop
 * @param stops the spec's own stop conditions, which word a runtime limit or an early
 * stop
 * @param metric which checkpoint counts as the best one
 * @param test the scaled test rows the best checkpoint is evaluated on (may be empty)
 * @param classNames the dataset's class names, by class index
 */
record PreparedRun(TrainingTask task, TrainingObserver observer, StopConditions.Run stops, CheckpointMetric metric,
		Examples test, List<String> classNames) {

}
