package dev.kiln.jobs.internal.lifecycle;

import java.util.OptionalInt;

/**
 * Why an attempt stopped before finishing its job, as the retry budget
 * ({@code kiln.jobs.max-attempts}) sees it. Only an attempt that fails for a reason of
 * its own uses up the budget: a shutdown never does, an interruption only when the
 * attempt reached no new checkpoint, a failure always. {@link Job#setback} applies the
 * rule.
 *
 * @param kind what happened
 * @param cause what the attempt ran into, in words
 * @param newCheckpoint for an interruption, the epoch of the newest checkpoint the
 * attempt itself wrote, if it wrote one
 */
public record Setback(Kind kind, String cause, OptionalInt newCheckpoint) {

	enum Kind {

		/** The node shut down and put the job back in the queue. */
		SHUTDOWN,

		/** The node crashed or lost the lease while the attempt ran. */
		INTERRUPTED,

		/** The attempt failed on the machine (I/O, memory, database), worth retrying. */
		FAILED

	}

	static Setback shutdown(String cause) {
		return new Setback(Kind.SHUTDOWN, cause, OptionalInt.empty());
	}

	/**
	 * @param newCheckpoint the epoch of the newest checkpoint written by the interrupted
	 * attempt, or empty if it wrote none
	 */
	public static Setback interrupted(String cause, OptionalInt newCheckpoint) {
		return new Setback(Kind.INTERRUPTED, cause, newCheckpoint);
	}

	public static Setback failed(String cause) {
		return new Setback(Kind.FAILED, cause, OptionalInt.empty());
	}

	/** Whether the attempt uses up one of the job's attempts. */
	boolean counts() {
		return switch (this.kind) {
			case SHUTDOWN -> false;
			case INTERRUPTED -> this.newCheckpoint.isEmpty();
			case FAILED -> true;
		};
	}

	/**
	 * Why it counts or not, in words.
	 * @param counted the job's counted attempts, this one included
	 * @param maxAttempts the budget
	 */
	String countReason(int counted, int maxAttempts) {
		return switch (this.kind) {
			case SHUTDOWN -> "the node shut down: does not count";
			case INTERRUPTED -> this.newCheckpoint.isPresent()
					? "interrupted after reaching checkpoint of epoch " + this.newCheckpoint.getAsInt()
							+ ": does not count"
					: "interrupted before any new checkpoint: counts (" + counted + " of " + maxAttempts + ")";
			case FAILED -> "failed: counts (" + counted + " of " + maxAttempts + ")";
		};
	}

}
