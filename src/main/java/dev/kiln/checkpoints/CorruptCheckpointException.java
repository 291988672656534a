package dev.kiln.checkpoints;

/**
 * A checkpoint file that is missing or whose sha256 no longer matches the one recorded
 * when it was written.
 */
public class CorruptCheckpointException extends RuntimeException {

	public CorruptCheckpointException(String message) {
		super(message);
	}

}
