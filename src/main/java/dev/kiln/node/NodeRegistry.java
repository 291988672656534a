package dev.kiln.node;

import dev.kiln.spec.DeviceClass;

/**
 * The {@code node} table, as the workers keep it and the queue reads it: every node
 * process records its devices, workers and free workers there, and its heartbeat says it
 * is alive.
 */
public interface NodeRegistry {

	/** At start-up: this process replaces the rows of the node's earlier processes. */
	void register();

	/** On every heartbeat: alive, with the free workers it has now. */
	void heartbeat();

	/** After a claim or a finished job: the free workers, if they changed. */
	void workersChanged();

	/** On shutdown: this process is gone (its jobs are back in the queue). */
	void deregister();

	/**
	 * Why a queued job asking for {@code device} waits, as far as the live nodes tell: no
	 * live node trains jobs, none of those that do can serve the device (the job waits,
	 * without failing, until one can), or every one that can is busy.
	 */
	String waitingFor(DeviceClass device);

}
