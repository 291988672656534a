package dev.kiln.jobs;

/**
 * A write by a run that no longer holds its job: a newer attempt exists, or its lease was
 * taken over. The write is refused so that a stale worker can never overwrite a newer
 * one.
 */
public class StaleAttemptException extends RuntimeException {

	public StaleAttemptException(String message) {
		super(message);
	}

}
