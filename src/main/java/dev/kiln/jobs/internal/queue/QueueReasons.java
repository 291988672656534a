package dev.kiln.jobs.internal.queue;

import dev.kiln.jobs.JobStatus;
import dev.kiln.jobs.internal.lifecycle.Job;
import dev.kiln.jobs.internal.plan.MemoryBudget;
import dev.kiln.node.NodeRegistry;

import org.springframework.stereotype.Component;

/**
 * Why a queued job waits: this node's memory, if the job is the one kept waiting for it
 * ({@link MemoryBudget}); otherwise, from the node registry, no live node can serve its
 * device (it waits, without failing, until one can), or every node that can is busy.
 */
@Component
public class QueueReasons {

	private final NodeRegistry registry;

	private final MemoryBudget memory;

	QueueReasons(NodeRegistry registry, MemoryBudget memory) {
		this.registry = registry;
		this.memory = memory;
	}

	/** The reason, or null for a job that is not queued. */
	public String waitingFor(Job job) {
		if (job.status() != JobStatus.QUEUED) {
			return null;
		}
		return this.memory.waitingFor(job.id()).orElseGet(() -> this.registry.waitingFor(job.device()));
	}

}
