package dev.kiln.spec;

import java.util.List;

/**
 * One row of the dry run's layer table.
 */
public record LayerSummary(int index, String type, List<Integer> outputShape, long parameters) {
}
