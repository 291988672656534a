package dev.kiln.jobs;

import java.util.EnumSet;
import java.util.Set;

/**
 * A job's lifecycle, with every allowed transition. Moves not listed here are refused
 * with {@link IllegalJobStateChangeException}.
 *
 * <pre>
 * QUEUED ──claim──▶ RUNNING ──▶ SUCCEEDED | FAILED
 *   │                 │  ▲ └──cancel──▶ CANCELLING ──▶ CANCELLED (or SUCCEEDED / FAILED if it ends first)
 *   │                 └──┘ interrupted (restart, shutdown): back to QUEUED, resumes from its newest checkpoint
 *   └──cancel──▶ CANCELLED
 * </pre>
 */
public enum JobStatus {

	QUEUED, RUNNING, CANCELLING, SUCCEEDED, FAILED, CANCELLED;

	public boolean isTerminal() {
		return this == SUCCEEDED || this == FAILED || this == CANCELLED;
	}

	public Set<JobStatus> allowedNext() {
		return switch (this) {
			case QUEUED -> EnumSet.of(RUNNING, CANCELLED);
			case RUNNING -> EnumSet.of(SUCCEEDED, FAILED, CANCELLING, QUEUED);
			case CANCELLING -> EnumSet.of(CANCELLED, SUCCEEDED, FAILED);
			case SUCCEEDED, FAILED, CANCELLED -> EnumSet.noneOf(JobStatus.class);
		};
	}

	public boolean canMoveTo(JobStatus next) {
		return allowedNext().contains(next);
	}

}
