package dev.kiln.jobs.internal.queue;

import dev.kiln.jobs.internal.NodeRegistry;
import dev.kiln.jobs.internal.NodeRow;
import dev.kiln.jobs.internal.lifecycle.Job;
import dev.kiln.jobs.internal.plan.MemoryBudget;

import java.util.List;

import dev.kiln.jobs.JobStatus;
import dev.kiln.spec.DeviceClass;

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
		return this.memory.waitingFor(job.id()).orElseGet(() -> waitingFor(job.device(), this.registry.alive()));
	}

	public static String waitingFor(DeviceClass device, List<NodeRow> aliveNodes) {
		List<NodeRow> training = aliveNodes.stream().filter((node) -> node.workers() > 0).toList();
		if (training.isEmpty()) {
			return "no live node trains jobs (none is running, or every live node has kiln.jobs.workers = 0)";
		}
		List<NodeRow> suitable = training.stream().filter((node) -> node.serves(device)).toList();
		if (suitable.isEmpty()) {
			return switch (device) {
				case GPU -> "no live node has a GPU; it starts when one that has joins";
				case CPU ->
					"no live node trains on the CPU (GPU nodes take gpu and any jobs only); it starts when one joins";
				case ANY -> "no live node can serve device '" + device.specName() + "'";
			};
		}
		return "a free worker on one of the " + suitable.size() + " live node(s) that can run it";
	}

}
