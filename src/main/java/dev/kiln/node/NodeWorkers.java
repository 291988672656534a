package dev.kiln.node;

import java.time.Duration;

/**
 * What the node registry needs from this node's workers, which the jobs module owns: how
 * many there are, how many are free, and how long their leases hold.
 */
public interface NodeWorkers {

	/** How many jobs this node trains at once (0 on a node that trains none). */
	int size();

	/** The workers without a job now. */
	int freeCount();

	/**
	 * How long a job's lease holds without a renewal ({@code kiln.jobs.lease-duration}):
	 * a node whose last heartbeat is older than that is not alive.
	 */
	Duration leaseDuration();

}
