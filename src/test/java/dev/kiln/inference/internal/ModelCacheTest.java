package dev.kiln.inference.internal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import dev.kiln.checkpoints.CheckpointInfo;
import dev.kiln.inference.InferenceProperties;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.util.unit.DataSize;

import static org.assertj.core.api.Assertions.assertThat;

class ModelCacheTest {

	/** Bytes of the parameters of a float32 {@code TestModels.mlp(hidden)}. */
	private static long bytes(int hidden) {
		return TestModels.parameters(hidden) * Float.BYTES;
	}

	private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

	/** Hidden units of each checkpoint's network. */
	private final Map<UUID, Integer> hiddenUnits = new ConcurrentHashMap<>();

	private final Map<UUID, AtomicInteger> loads = new ConcurrentHashMap<>();

	private final ExecutorService threads = Executors.newCachedThreadPool();

	@AfterEach
	void stopThreads() {
		this.threads.shutdownNow();
	}

	private ModelCache cache(int size, long maxBytes, ModelLoader loader) {
		return new ModelCache(loader,
				new InferenceProperties(size, DataSize.ofBytes(maxBytes), 1000, Duration.ZERO, 512),
				new InferenceMetrics(this.registry));
	}

	private ModelCache cache(int size, long maxBytes) {
		return cache(size, maxBytes, (checkpoint) -> {
			this.loads.computeIfAbsent(checkpoint.id(), (id) -> new AtomicInteger()).incrementAndGet();
			return TestModels.mlp(this.hiddenUnits.get(checkpoint.id()));
		});
	}

	private CheckpointInfo checkpoint(int hidden) {
		CheckpointInfo checkpoint = TestModels.checkpoint();
		this.hiddenUnits.put(checkpoint.id(), hidden);
		return checkpoint;
	}

	private static void predict(ModelCache cache, CheckpointInfo checkpoint) {
		assertThat(cache.probabilities(checkpoint, TestModels.rows(1, 1))[0]).hasSize(TestModels.CLASSES);
	}

	@Test
	void theLeastRecentlyUsedModelIsEvictedBeyondTheCount() {
		ModelCache cache = cache(2, Long.MAX_VALUE);
		CheckpointInfo a = checkpoint(8);
		CheckpointInfo b = checkpoint(8);
		CheckpointInfo c = checkpoint(8);

		predict(cache, a);
		predict(cache, b);
		predict(cache, a);
		predict(cache, c);

		assertThat(cache.isLoaded(a.id())).isTrue();
		assertThat(cache.isLoaded(b.id())).as("least recently used").isFalse();
		assertThat(cache.isLoaded(c.id())).isTrue();
		assertThat(cache.models()).isEqualTo(2);
		assertThat(this.registry.get("kiln.inference.cache.models").gauge().value()).isEqualTo(2);
	}

	@Test
	void modelsAreEvictedLeastRecentlyUsedFirstBeyondTheBytes() {
		// room for a 64-unit model and a 32-unit one, not for a third
		ModelCache cache = cache(100, bytes(64) + bytes(32) + bytes(16) - 1);
		CheckpointInfo big = checkpoint(64);
		CheckpointInfo middle = checkpoint(32);
		CheckpointInfo small = checkpoint(16);

		predict(cache, big);
		predict(cache, middle);
		assertThat(cache.bytes()).isEqualTo(bytes(64) + bytes(32));
		predict(cache, big);
		predict(cache, small);

		assertThat(cache.isLoaded(middle.id())).as("least recently used").isFalse();
		assertThat(cache.isLoaded(big.id())).isTrue();
		assertThat(cache.isLoaded(small.id())).isTrue();
		assertThat(cache.bytes()).isEqualTo(bytes(64) + bytes(16));
		assertThat(this.registry.get("kiln.inference.cache.bytes").gauge().value())
			.isEqualTo((double) (bytes(64) + bytes(16)));

		// an evicted model is loaded again when asked for
		predict(cache, middle);
		assertThat(this.loads.get(middle.id())).hasValue(2);
		assertThat(this.loads.get(big.id())).hasValue(1);
	}

	@Test
	void aModelLargerThanTheBoundIsServedAlone() {
		ModelCache cache = cache(100, bytes(64) - 1);
		CheckpointInfo small = checkpoint(8);
		CheckpointInfo huge = checkpoint(64);

		predict(cache, small);
		predict(cache, huge);

		assertThat(cache.models()).isEqualTo(1);
		assertThat(cache.isLoaded(huge.id())).isTrue();
		assertThat(cache.bytes()).isEqualTo(bytes(64));
		// and gives way to the next model
		predict(cache, small);
		assertThat(cache.isLoaded(huge.id())).isFalse();
		assertThat(cache.bytes()).isEqualTo(bytes(8));
	}

	@Test
	void concurrentRequestsForAnUnloadedCheckpointLoadItOnce() throws Exception {
		ModelCache cache = cache(8, Long.MAX_VALUE);
		CheckpointInfo checkpoint = checkpoint(16);
		CountDownLatch start = new CountDownLatch(1);
		List<Future<?>> requests = new ArrayList<>();
		for (int i = 0; i < 8; i++) {
			requests.add(this.threads.submit(() -> {
				start.await();
				predict(cache, checkpoint);
				return null;
			}));
		}
		start.countDown();
		for (Future<?> request : requests) {
			request.get(30, TimeUnit.SECONDS);
		}
		assertThat(this.loads.get(checkpoint.id())).hasValue(1);
	}

	@Test
	void aSlowLoadDoesNotHoldUpPredictionsFromLoadedModels() throws Exception {
		CountDownLatch slowLoadStarted = new CountDownLatch(1);
		CountDownLatch releaseSlowLoad = new CountDownLatch(1);
		CheckpointInfo loaded = checkpoint(8);
		CheckpointInfo slow = checkpoint(8);
		ModelCache cache = cache(8, Long.MAX_VALUE, (checkpoint) -> {
			if (checkpoint.id().equals(slow.id())) {
				slowLoadStarted.countDown();
				try {
					releaseSlowLoad.await();
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
				}
			}
			return TestModels.mlp(8);
		});
		predict(cache, loaded);

		Future<?> slowRequest = this.threads.submit(() -> predict(cache, slow));
		assertThat(slowLoadStarted.await(30, TimeUnit.SECONDS)).isTrue();
		try {
			Future<?> other = this.threads.submit(() -> predict(cache, loaded));
			other.get(10, TimeUnit.SECONDS);
			assertThat(slowRequest).isNotDone();
		}
		finally {
			releaseSlowLoad.countDown();
		}
		slowRequest.get(30, TimeUnit.SECONDS);
		assertThat(cache.isLoaded(slow.id())).isTrue();
	}

	@Test
	void aFailedLoadIsTriedAgainByTheNextRequest() {
		AtomicInteger attempts = new AtomicInteger();
		ModelCache cache = cache(8, Long.MAX_VALUE, (checkpoint) -> {
			if (attempts.incrementAndGet() == 1) {
				throw new java.io.UncheckedIOException(new java.io.IOException("disk on fire"));
			}
			return TestModels.mlp(8);
		});
		CheckpointInfo checkpoint = checkpoint(8);

		org.assertj.core.api.Assertions.assertThatExceptionOfType(java.io.UncheckedIOException.class)
			.isThrownBy(() -> predict(cache, checkpoint));
		predict(cache, checkpoint);

		assertThat(attempts).hasValue(2);
		assertThat(cache.models()).isEqualTo(1);
	}

}
