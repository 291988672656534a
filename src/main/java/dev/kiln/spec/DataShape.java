package dev.kiln.spec;

import java.util.List;

/**
 * What the chosen dataset offers: the shape of one example, the number of classes and of
 * training rows (schedules that run over the whole training need the iteration count).
 */
public record DataShape(List<Integer> featureShape, int classes, int trainingRows) {
}
