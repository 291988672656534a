package dev.kiln.jobs.internal.queue;

import java.time.Duration;

import dev.kiln.jobs.JobsProperties;
import dev.kiln.node.NodeWorkers;

import org.springframework.stereotype.Component;

/**
 * The node registry's view of this node's workers: the {@link WorkerPool} and the lease
 * duration of the jobs they run.
 */
@Component
class PoolNodeWorkers implements NodeWorkers {

	private final WorkerPool pool;

	private final JobsProperties properties;

	PoolNodeWorkers(WorkerPool pool, JobsProperties properties) {
		this.pool = pool;
		this.properties = properties;
	}

	@Override
	public int size() {
		return this.pool.size();
	}

	@Override
	public int freeCount() {
		return this.pool.freeCount();
	}

	@Override
	public Duration leaseDuration() {
		return this.properties.leaseDuration();
	}

}
