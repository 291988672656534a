package dev.kiln.datasets;

import dev.kiln.engine.Examples;

/**
 * A dataset cut into training, validation and test rows.
 */
public record DatasetSplit(Examples train, Examples validation, Examples test) {
}
