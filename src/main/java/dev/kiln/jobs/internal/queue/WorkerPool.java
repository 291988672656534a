package dev.kiln.jobs.internal.queue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import dev.kiln.engine.ComputeDevice;
import dev.kiln.engine.DeviceAffinity;
import dev.kiln.engine.DeviceInventory;
import dev.kiln.node.JobDevices;
import dev.kiln.spec.DeviceClass;

/**
 * This node's workers, each one thread bound to one device. A GPU node has one worker per
 * GPU; a CPU node has {@code kiln.jobs.workers} workers sharing the CPU. A worker's
 * thread is pinned to its device (through {@link DeviceAffinity}) before it runs its
 * first job, so every array a job makes lives on that worker's device.
 */
final class WorkerPool {

	private final List<Worker> workers;

	private final ConcurrentLinkedQueue<Worker> free;

	private final boolean gpu;

	/**
	 * @param devices the device of each worker, one entry per worker
	 */
	WorkerPool(List<ComputeDevice> devices, boolean gpuNode, DeviceAffinity affinity) {
		List<Worker> all = new ArrayList<>();
		for (int i = 0; i < devices.size(); i++) {
			all.add(new Worker(i + 1, devices.get(i), affinity));
		}
		this.workers = Collections.unmodifiableList(all);
		this.free = new ConcurrentLinkedQueue<>(all);
		this.gpu = gpuNode;
	}

	/**
	 * The workers a node starts: one per GPU the CUDA build can run on, on a GPU node
	 * (none for a GPU it cannot, so the node never claims a job for it);
	 * {@code cpuWorkers} on a CPU node; none at all when {@code cpuWorkers} is 0 (the
	 * node trains nothing).
	 */
	static WorkerPool forNode(DeviceInventory inventory, int cpuWorkers, DeviceAffinity affinity) {
		List<ComputeDevice> devices;
		if (cpuWorkers == 0) {
			devices = List.of();
		}
		else if (inventory.hasGpu()) {
			devices = inventory.usableGpus();
		}
		else {
			devices = Collections.nCopies(cpuWorkers, inventory.devices().get(0));
		}
		return new WorkerPool(devices, inventory.hasGpu(), affinity);
	}

	int size() {
		return this.workers.size();
	}

	int freeCount() {
		return this.free.size();
	}

	List<Worker> workers() {
		return this.workers;
	}

	/** The {@code device} values of the jobs these workers can serve. */
	List<DeviceClass> servedDevices() {
		return JobDevices.servedBy(this.gpu);
	}

	/** A free worker, taken; empty when all are busy. */
	Optional<Worker> acquire() {
		return Optional.ofNullable(this.free.poll());
	}

	/** Gives back a worker acquired but not used. */
	void release(Worker worker) {
		this.free.add(worker);
	}

	/**
	 * Runs {@code task} on an acquired worker's thread; the worker is free again when it
	 * ends, and then {@code afterwards} runs.
	 */
	void run(Worker worker, Runnable task, Runnable afterwards) {
		worker.thread.execute(() -> {
			try {
				worker.pinCurrentThread();
				task.run();
			}
			finally {
				this.free.add(worker);
				afterwards.run();
			}
		});
	}

	void shutdown() {
		this.workers.forEach((worker) -> worker.thread.shutdown());
	}

	/** Waits for every worker to finish its job; false if one is still running. */
	boolean awaitTermination(Duration timeout) throws InterruptedException {
		long deadline = System.nanoTime() + timeout.toNanos();
		for (Worker worker : this.workers) {
			long left = deadline - System.nanoTime();
			if (!worker.thread.awaitTermination(Math.max(0, left), TimeUnit.NANOSECONDS)) {
				return false;
			}
		}
		return true;
	}

	void shutdownNow() {
		this.workers.forEach((worker) -> worker.thread.shutdownNow());
	}

	/** One worker: a thread of its own, bound to its device. */
	static final class Worker {

		private final int number;

		private final ComputeDevice device;

		private final DeviceAffinity affinity;

		private final ExecutorService thread;

		/** The thread last pinned (only ever touched on this worker's own thread). */
		private Thread pinned;

		Worker(int number, ComputeDevice device, DeviceAffinity affinity) {
			this.number = number;
			this.device = device;
			this.affinity = affinity;
			String name = device.isGpu() ? "kiln-gpu-" + device.index() : "kiln-worker-" + number;
			this.thread = Executors.newSingleThreadExecutor((task) -> new Thread(task, name));
		}

		int number() {
			return this.number;
		}

		ComputeDevice device() {
			return this.device;
		}

		/**
		 * Pins this worker's thread on its first job (and again if the executor ever
		 * replaced the thread), before the job creates any array.
		 */
		private void pinCurrentThread() {
			if (this.pinned != Thread.currentThread()) {
				this.affinity.pinCurrentThread(this.device);
				this.pinned = Thread.currentThread();
			}
		}

	}

}
