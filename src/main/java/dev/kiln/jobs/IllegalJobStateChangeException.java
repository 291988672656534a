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
		super("illegal-state-change", message(from, to));
		this.from = from;
		this.to = to;
	}

	/** Worded for the client that asked: a cancel of an ended job is the usual case. */
	private static String message(JobStatus from, JobStatus to) {
		if (!from.isTerminal()) {
			return "A " + from + " job cannot become " + to;
		}
		return "The job has already ended (" + from + ")"
				+ ((to == JobStatus.CANCELLING) ? ": there is nothing to cancel" : "; it cannot become " + to);
	}

	public JobStatus from() {
		return this.from;
	}

	public JobStatus to() {
		return this.to;
	}

}
