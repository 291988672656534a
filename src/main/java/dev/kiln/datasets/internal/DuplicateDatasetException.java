package dev.kiln.datasets.internal;

import java.util.UUID;

import dev.kiln.web.ConflictException;

/**
 * An upload whose content (its sha256) an active dataset already has. The problem
 * document names that dataset in its detail and in the {@code existingId} and
 * {@code existingName} members, so that a client can use it instead.
 */
class DuplicateDatasetException extends ConflictException {

	static final String TYPE = "dataset-duplicate";

	private final UUID existingId;

	private final String existingName;

	DuplicateDatasetException(UUID existingId, String existingName) {
		super(TYPE, "The same content was already uploaded as dataset '" + existingName + "' (" + existingId + ")");
		this.existingId = existingId;
		this.existingName = existingName;
	}

	UUID existingId() {
		return this.existingId;
	}

	String existingName() {
		return this.existingName;
	}

}
