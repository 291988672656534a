package dev.kiln.bench;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import com.sun.management.GcInfo;

import dev.kiln.engine.NativeRuntime;

/**
 * Samples this process's memory every few milliseconds on a thread of its own and keeps
 * the peaks: live heap (what the heap held after each collection, garbage excluded), memory
 * outside the heap (where ND4J's arrays and workspaces
 * live on the CPU backend: the resident set less the committed heap), and the resident
 * set (everything the process holds).
 */
final class MemorySampler implements AutoCloseable {

	/** Memory figures in bytes. */
	record Memory(long heap, long offHeap, long resident) {

		Memory minus(Memory other) {
			return new Memory(this.heap - other.heap, this.offHeap - other.offHeap, this.resident - other.resident);
		}

		Memory dividedBy(int n) {
			return new Memory(this.heap / n, this.offHeap / n, this.resident / n);
		}

	}

	private final Thread thread;

	private volatile boolean running = true;

	private final List<GarbageCollectorMXBean> collectors = ManagementFactory.getGarbageCollectorMXBeans();

	private final Set<String> heapPools = ManagementFactory.getMemoryPoolMXBeans()
		.stream()
		.filter((pool) -> pool.getType() == MemoryType.HEAP)
		.map(MemoryPoolMXBean::getName)
		.collect(Collectors.toSet());

	private final long[] lastCollections = new long[this.collectors.size()];

	private volatile long peakHeap;

	private volatile long peakOffHeap;

	private volatile long peakResident;

	MemorySampler() {
		this.thread = new Thread(this::sample, "memory-sampler");
		this.thread.setDaemon(true);
		this.thread.start();
	}

	/** Memory now, after a collection so that garbage is not counted. */
	static Memory settled() throws InterruptedException {
		for (int i = 0; i < 3; i++) {
			System.gc();
			Thread.sleep(100);
		}
		return new Memory(ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed(),
				NativeRuntime.offHeapBytes(), NativeRuntime.physicalBytes());
	}

	/** The peaks since this sampler started. */
	Memory peak() {
		return new Memory(this.peakHeap, this.peakOffHeap, this.peakResident);
	}

	private void sample() {
		while (this.running) {
			this.peakHeap = Math.max(this.peakHeap, liveHeapAfterNewCollections());
			this.peakOffHeap = Math.max(this.peakOffHeap, NativeRuntime.offHeapBytes());
			this.peakResident = Math.max(this.peakResident, NativeRuntime.physicalBytes());
			try {
				Thread.sleep(5);
			}
			catch (InterruptedException ex) {
				return;
			}
		}
	}

	/** The heap in use after any collection since the last call (0 if none ran). */
	private long liveHeapAfterNewCollections() {
		long live = 0;
		for (int i = 0; i < this.collectors.size(); i++) {
			if (!(this.collectors.get(i) instanceof com.sun.management.GarbageCollectorMXBean collector)) {
				continue;
			}
			GcInfo info = collector.getLastGcInfo();
			if (info == null || info.getId() == this.lastCollections[i]) {
				continue;
			}
			this.lastCollections[i] = info.getId();
			long after = 0;
			for (Map.Entry<String, MemoryUsage> pool : info.getMemoryUsageAfterGc().entrySet()) {
				if (this.heapPools.contains(pool.getKey())) {
					after += pool.getValue().getUsed();
				}
			}
			live = Math.max(live, after);
		}
		return live;
	}

	@Override
	public void close() throws InterruptedException {
		this.running = false;
		this.thread.interrupt();
		this.thread.join();
	}

}
