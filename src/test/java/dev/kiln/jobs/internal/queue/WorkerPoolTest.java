package dev.kiln.jobs.internal.queue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import dev.kiln.engine.ComputeCapability;
import dev.kiln.engine.ComputeDevice;
import dev.kiln.engine.CudaKernels;
import dev.kiln.engine.DeviceAffinity;
import dev.kiln.engine.DeviceInventory;
import dev.kiln.spec.DeviceClass;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Workers per device. There is no GPU here: the GPU node is a fake inventory of two GPUs
 * and the pinning is recorded through the {@link DeviceAffinity} seam instead of calling
 * ND4J's CUDA affinity manager.
 */
class WorkerPoolTest {

	/** Every pinning call: which thread asked for which device, in order. */
	private final List<String> events = Collections.synchronizedList(new ArrayList<>());

	private final DeviceAffinity recording = (device) -> this.events
		.add("pin " + Thread.currentThread().getName() + " -> " + device.kind() + " " + device.index());

	private WorkerPool pool;

	@AfterEach
	void stop() throws InterruptedException {
		if (this.pool != null) {
			this.pool.shutdown();
			assertThat(this.pool.awaitTermination(Duration.ofSeconds(5))).isTrue();
		}
	}

	@Test
	void aGpuNodeRunsOneWorkerPerGpuEachPinnedToItsOwnDevice() throws Exception {
		DeviceInventory twoGpus = new DeviceInventory(
				List.of(ComputeDevice.gpu(0, "fake A"), ComputeDevice.gpu(1, "fake B")));
		// kiln.jobs.workers does not set the count on a GPU node, only whether it trains
		this.pool = WorkerPool.forNode(twoGpus, 1, this.recording);

		assertThat(this.pool.size()).isEqualTo(2);
		assertThat(this.pool.workers()).extracting((worker) -> worker.device().index()).containsExactly(0, 1);
		assertThat(this.pool.servedDevices()).containsExactly(DeviceClass.GPU, DeviceClass.ANY);

		// both workers busy at once, each reporting the thread its job ran on
		Map<Integer, Thread> ranOn = new ConcurrentHashMap<>();
		CountDownLatch bothRunning = new CountDownLatch(2);
		CountDownLatch checked = new CountDownLatch(1);
		CountDownLatch done = new CountDownLatch(2);
		for (int i = 0; i < 2; i++) {
			WorkerPool.Worker worker = this.pool.acquire().orElseThrow();
			this.pool.run(worker, () -> {
				this.events.add("job on " + Thread.currentThread().getName());
				ranOn.put(worker.device().index(), Thread.currentThread());
				bothRunning.countDown();
				await(bothRunning);
				// hold both workers until the test has looked for a third
				await(checked);
			}, done::countDown);
		}
		assertThat(bothRunning.await(10, TimeUnit.SECONDS)).isTrue();
		assertThat(this.pool.acquire()).as("no third worker").isEmpty();
		checked.countDown();
		assertThat(done.await(10, TimeUnit.SECONDS)).isTrue();

		assertThat(ranOn.get(0)).isNotSameAs(ranOn.get(1));
		assertThat(ranOn.get(0).getName()).isEqualTo("kiln-gpu-0");
		assertThat(ranOn.get(1).getName()).isEqualTo("kiln-gpu-1");
		// each thread was pinned to its own device, once, before its job ran
		assertThat(this.events).containsSubsequence("pin kiln-gpu-0 -> GPU 0", "job on kiln-gpu-0");
		assertThat(this.events).containsSubsequence("pin kiln-gpu-1 -> GPU 1", "job on kiln-gpu-1");
		assertThat(this.events).filteredOn((event) -> event.startsWith("pin")).hasSize(2);
		assertThat(this.pool.freeCount()).isEqualTo(2);

		// a second job on the same worker runs on the same pinned thread, without pinning
		// again
		CountDownLatch again = new CountDownLatch(1);
		WorkerPool.Worker first = this.pool.acquire().orElseThrow();
		this.pool.run(first, () -> this.events.add("job on " + Thread.currentThread().getName()), again::countDown);
		assertThat(again.await(10, TimeUnit.SECONDS)).isTrue();
		assertThat(this.events).filteredOn((event) -> event.startsWith("pin")).hasSize(2);
		assertThat(this.events.get(this.events.size() - 1)).isEqualTo("job on kiln-gpu-" + first.device().index());
	}

	@Test
	void aCpuNodeRunsTheConfiguredNumberOfCpuWorkers() throws Exception {
		this.pool = WorkerPool.forNode(new DeviceInventory(List.of(ComputeDevice.cpu())), 3, this.recording);

		assertThat(this.pool.size()).isEqualTo(3);
		assertThat(this.pool.workers()).extracting(WorkerPool.Worker::device).containsOnly(ComputeDevice.cpu());
		assertThat(this.pool.servedDevices()).containsExactly(DeviceClass.CPU, DeviceClass.ANY);

		CountDownLatch done = new CountDownLatch(1);
		this.pool.run(this.pool.acquire().orElseThrow(), () -> this.events.add("job"), done::countDown);
		assertThat(done.await(10, TimeUnit.SECONDS)).isTrue();
		// the recording seam is asked for the CPU too; ND4J's implementation ignores it
		assertThat(this.events).containsExactly("pin kiln-worker-1 -> CPU 0", "job");
	}

	@Test
	void aGpuTheCudaBuildCannotRunGetsNoWorkerSoNoJobIsClaimedForIt() {
		ComputeDevice ampere = ComputeDevice.gpu(0, "NVIDIA A100", ComputeCapability.parse("8.0"));
		ComputeDevice hopper = ComputeDevice.gpu(1, "NVIDIA H100", ComputeCapability.parse("9.0"));
		this.pool = WorkerPool.forNode(new DeviceInventory(List.of(ampere, hopper), CudaKernels.ND4J_CUDA_11_6_M2_1), 1,
				this.recording);
		assertThat(this.pool.workers()).extracting(WorkerPool.Worker::device).containsExactly(ampere);
		this.pool.shutdown();

		this.pool = WorkerPool.forNode(new DeviceInventory(List.of(hopper), CudaKernels.ND4J_CUDA_11_6_M2_1), 1,
				this.recording);
		assertThat(this.pool.size()).isZero();
		assertThat(this.pool.acquire()).isEmpty();
		assertThat(this.pool.servedDevices()).as("still a GPU node: it never takes cpu jobs").contains(DeviceClass.GPU);
	}

	@Test
	void noWorkersWhenTheNodeTrainsNothing() {
		DeviceInventory twoGpus = new DeviceInventory(List.of(ComputeDevice.gpu(0, "a"), ComputeDevice.gpu(1, "b")));
		this.pool = WorkerPool.forNode(twoGpus, 0, this.recording);

		assertThat(this.pool.size()).isZero();
		assertThat(this.pool.acquire()).isEmpty();
	}

	@Test
	void aWorkerGivenBackIsFreeAgain() {
		this.pool = WorkerPool.forNode(new DeviceInventory(List.of(ComputeDevice.cpu())), 1, this.recording);
		WorkerPool.Worker worker = this.pool.acquire().orElseThrow();
		assertThat(this.pool.freeCount()).isZero();
		this.pool.release(worker);
		assertThat(this.pool.freeCount()).isOne();
		assertThat(this.events).isEmpty();
	}

	private static void await(CountDownLatch latch) {
		try {
			latch.await(10, TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
