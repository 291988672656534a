package dev.kiln.jobs.internal.queue;

import dev.kiln.engine.DeviceAffinity;
import dev.kiln.engine.DeviceInventory;
import dev.kiln.engine.GpuCheck;
import dev.kiln.engine.Trainer;
import dev.kiln.jobs.JobsProperties;
import dev.kiln.jobs.internal.plan.MemoryBudget;
import dev.kiln.jobs.internal.plan.ResourceGuards;
import dev.kiln.node.NodeProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * What this node trains on: its devices, found through the ND4J backend the build loaded,
 * and a worker per device (GPU build) or per {@code kiln.jobs.workers} (CPU).
 */
@Configuration(proxyBeanMethods = false)
class NodeDevicesConfiguration {

	private static final Logger log = LoggerFactory.getLogger(NodeDevicesConfiguration.class);

	/**
	 * Detected after the engine has configured the native runtime (the trainer bean does
	 * that), since asking ND4J loads its backend.
	 */
	@Bean
	DeviceInventory deviceInventory(Trainer trainer) {
		DeviceInventory inventory = DeviceInventory.detect();
		log.info("Compute devices: {}", inventory.devices());
		GpuCheck check = inventory.gpuCheck();
		// one line that says what is wrong and what to do; the engine health component
		// (readiness) and the node list say the same
		check.problem().ifPresent(log::error);
		if (check.applies() && check.allUsable()) {
			log.info("Every GPU is supported: {}", check.supportedRange().orElseThrow());
		}
		return inventory;
	}

	@Bean
	DeviceAffinity deviceAffinity() {
		return DeviceAffinity.nd4j();
	}

	/** No workers on an api node ({@code kiln.node.role}): it queues jobs for others. */
	@Bean
	WorkerPool workerPool(DeviceInventory inventory, DeviceAffinity affinity, JobsProperties properties,
			NodeProperties node) {
		return WorkerPool.forNode(inventory, node.role().trains() ? properties.workers() : 0, affinity);
	}

	/** The jobs training at once on a CPU node share its memory limit. */
	@Bean
	MemoryBudget memoryBudget(DeviceInventory inventory, ResourceGuards guards) {
		return new MemoryBudget(guards::memoryLimit, !inventory.hasGpu());
	}

}
