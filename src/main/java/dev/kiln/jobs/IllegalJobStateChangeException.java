package dev.kiln.jobs;

import dev.kiln.web.ConflictException;

/**
 * A transition the job lifecycle does not allow, such as cancelling a job that already
 * succeeded.
 */
public class IllegalJobStateChangeException extends ConflictException {

	private final JobStatus from;

	private final JobStatus to;

	public IllegalJobStateChangeException(JobStatus from, JobStatus to) {
		super("illegal-state-change",
				"A " + from + " job cannot become " + to + (from.isTerminal() ? " (it has already ended)" : ""));
		this.from = from;
		this.to = to;
	}

	public JobStatus from() {
		return this.from;
	}

	public JobStatus to() {
		return this.to;
	}

}
