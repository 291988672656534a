package dev.kiln.spec;

/**
 * @param seed seeds weight initialisation, dropout and the data order
 * @param l2 L2 regularisation coefficient applied to every layer's weights
 */
public record TrainingSpec(Integer epochs, Integer batchSize, Long seed, OptimizerSpec optimizer, ScheduleSpec schedule,
		Double l2) {
}
