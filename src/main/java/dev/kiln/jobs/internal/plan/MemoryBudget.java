package dev.kiln.jobs.internal.plan;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * The training memory of the jobs this node trains at once. Submission refuses a job
 * whose estimate alone exceeds the node's limit ({@link ResourceGuards}); with several
 * CPU workers the estimates of the jobs training together must fit too, so a worker
 * starts a job only while the estimates of the jobs training here plus its own stay
 * within the limit. The job that does not fit stays QUEUED, first in line, and says why
 * ({@link #waitingFor}) until a running job ends and frees its share. A job starts
 * regardless when nothing else trains here, so that lowering the limit never strands
 * queued work. GPU nodes train one job per GPU, each in its own device memory, and are
 * not budgeted.
 */
public final class MemoryBudget {

	private final Supplier<ResourceGuards.MemoryLimit> limit;

	private final boolean enforced;

	/** The estimate of each job training on this node, in bytes. */
	private final Map<UUID, Long> reserved = new LinkedHashMap<>();

	/** The queued job last kept waiting for memory, and why; null when none waits. */
	private volatile Waiting waiting;

	private record Waiting(UUID jobId, String reason) {
	}

	/**
	 * @param limit the node's memory limit (null: none), read at every decision
	 * @param enforced false on a GPU node, whose jobs do not share one memory
	 */
	public MemoryBudget(Supplier<ResourceGuards.MemoryLimit> limit, boolean enforced) {
		this.limit = limit;
		this.enforced = enforced;
	}

	/**
	 * Reserves the job's estimate if it fits next to the jobs training here; otherwise
	 * records why the job waits.
	 * @return whether the job may start
	 */
	public synchronized boolean tryReserve(UUID jobId, long estimate) {
		ResourceGuards.MemoryLimit memory = this.enforced ? this.limit.get() : null;
		long inUse = inUse();
		if (memory != null && !this.reserved.isEmpty() && inUse + estimate > memory.bytes()) {
			this.waiting = new Waiting(jobId,
					"memory: the " + this.reserved.size() + " job(s) training on this node take about "
							+ ResourceGuards.bytes(inUse) + " of the " + ResourceGuards.bytes(memory.bytes())
							+ " it allows (" + memory.source() + "), and this job needs about "
							+ ResourceGuards.bytes(estimate) + " (DL4J's estimate); it starts when enough of it frees");
			return false;
		}
		this.reserved.put(jobId, estimate);
		if (this.waiting != null && this.waiting.jobId().equals(jobId)) {
			this.waiting = null;
		}
		return true;
	}

	/** Frees the job's share: it ended here, or its claim did not go through. */
	public synchronized void release(UUID jobId) {
		this.reserved.remove(jobId);
	}

	/** The estimates of the jobs training here, summed. */
	public synchronized long inUse() {
		return this.reserved.values().stream().mapToLong(Long::longValue).sum();
	}

	/** How many jobs hold a share. */
	synchronized int jobs() {
		return this.reserved.size();
	}

	/** Why the job waits for memory on this node, if it is the one that does. */
	public Optional<String> waitingFor(UUID jobId) {
		Waiting current = this.waiting;
		return (current != null && current.jobId().equals(jobId)) ? Optional.of(current.reason()) : Optional.empty();
	}

}
