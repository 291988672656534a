package dev.kiln.jobs;

import java.util.Arrays;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Set;
import java.util.function.Predicate;

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
 *
 * The groups of statuses that code asks about are predicates here, as
 * {@link #isTerminal()}, {@link #isActive()} and {@link #holdsLease()}, and, for queries
 * that take a list of statuses, the sets they define ({@link #active()},
 * {@link #leaseHolders()}).
 */
public enum JobStatus {

	QUEUED, RUNNING, CANCELLING, SUCCEEDED, FAILED, CANCELLED;

	private static final Set<JobStatus> ACTIVE = where(JobStatus::isActive);

	private static final Set<JobStatus> LEASE_HOLDERS = where(JobStatus::holdsLease);

	/** Whether the job has ended: SUCCEEDED, FAILED or CANCELLED. */
	public boolean isTerminal() {
		return this == SUCCEEDED || this == FAILED || this == CANCELLED;
	}

	/**
	 * Whether the job has not ended yet: QUEUED, RUNNING or CANCELLING. An active job
	 * still needs its dataset.
	 */
	public boolean isActive() {
		return !isTerminal();
	}

	/**
	 * Whether a worker trains the job under a lease: RUNNING or CANCELLING. Only such a
	 * job has a lease owner whose writes count, and a lease that can expire.
	 */
	public boolean holdsLease() {
		return this == RUNNING || this == CANCELLING;
	}

	/** The statuses that are {@link #isActive() active}. */
	public static Set<JobStatus> active() {
		return ACTIVE;
	}

	/** The statuses that {@link #holdsLease() hold a lease}. */
	public static Set<JobStatus> leaseHolders() {
		return LEASE_HOLDERS;
	}

	private static Set<JobStatus> where(Predicate<JobStatus> predicate) {
		EnumSet<JobStatus> matching = EnumSet.noneOf(JobStatus.class);
		Arrays.stream(values()).filter(predicate).forEach(matching::add);
		return Collections.unmodifiableSet(matching);
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
