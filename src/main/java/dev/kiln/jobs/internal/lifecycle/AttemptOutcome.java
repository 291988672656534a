package dev.kiln.jobs.internal.lifecycle;

/**
 * How an attempt of a job ended. The attempt's row and the API say it in lower case:
 * {@link #word()}.
 */
public enum AttemptOutcome {

	SUCCEEDED("succeeded"), FAILED("failed"), CANCELLED("cancelled"),

	/**
	 * Stopped by a restart, a shutdown or a lost lease; the job went back to the queue.
	 */
	INTERRUPTED("interrupted");

	private final String word;

	AttemptOutcome(String word) {
		this.word = word;
	}

	/**
	 * What the attempt's row and the API say: succeeded, failed, cancelled or
	 * interrupted.
	 */
	public String word() {
		return this.word;
	}

}
