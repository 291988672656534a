package dev.kiln.datasets;

import dev.kiln.engine.Examples;

/**
 * A dataset cut into training, validation and test rows, read afresh for the caller: its
 * arrays are the caller's own.
 */
public record DatasetSplit(Examples train, Examples validation, Examples test) {
}
