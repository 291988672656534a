package dev.kiln.inference.internal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import dev.kiln.engine.Predictor;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.within;

class PredictionBatcherTest {

	private final Predictor predictor = TestModels.mlp(16);

	private final AtomicInteger passes = new AtomicInteger();

	private final Set<Thread> passThreads = ConcurrentHashMap.newKeySet();

	private PredictionBatcher batcher(Duration wait, int maxRows) {
		return new PredictionBatcher(this.predictor, wait, maxRows, (rows, nanos) -> {
			this.passes.incrementAndGet();
			this.passThreads.add(Thread.currentThread());
		});
	}

	@Test
	void concurrentRequestsShareForwardPassesAndEachGetsItsOwnAnswer() throws Exception {
		int requests = 32;
		float[][][] inputs = new float[requests][][];
		float[][][] expected = new float[requests][][];
		for (int i = 0; i < requests; i++) {
			inputs[i] = TestModels.rows(1 + i % 3, i);
			expected[i] = this.predictor.probabilities(inputs[i]);
		}
		PredictionBatcher batcher = batcher(Duration.ofMillis(20), 512);

		ExecutorService clients = Executors.newFixedThreadPool(requests);
		try {
			CountDownLatch start = new CountDownLatch(1);
			List<Future<float[][]>> answers = new ArrayList<>();
			for (int i = 0; i < requests; i++) {
				float[][] rows = inputs[i];
				answers.add(clients.submit(() -> {
					start.await();
					return batcher.probabilities(rows);
				}));
			}
			start.countDown();
			for (int i = 0; i < requests; i++) {
				float[][] answer = answers.get(i).get(30, TimeUnit.SECONDS);
				assertThat(answer).as("request %d", i).hasNumberOfRows(expected[i].length);
				for (int r = 0; r < answer.length; r++) {
					for (int c = 0; c < TestModels.CLASSES; c++) {
						assertThat(answer[r][c]).as("request %d row %d class %d", i, r, c)
							.isCloseTo(expected[i][r][c], within(1e-5f));
					}
				}
			}
		}
		finally {
			clients.shutdownNow();
		}
		assertThat(this.passes.get()).as("forward passes for %d requests", requests).isLessThan(requests / 2);
	}

	@Test
	void aPassTakesNoMoreThanTheMaximumRowsFromTheQueue() throws Exception {
		List<Integer> passRows = java.util.Collections.synchronizedList(new ArrayList<>());
		PredictionBatcher batcher = new PredictionBatcher(this.predictor, Duration.ofMillis(50), 4, (rows, nanos) -> {
			assertThat(nanos).isPositive();
			passRows.add(rows);
		});
		ExecutorService clients = Executors.newFixedThreadPool(6);
		try {
			List<Future<float[][]>> answers = new ArrayList<>();
			for (int i = 0; i < 6; i++) {
				float[][] rows = TestModels.rows(2, i);
				answers.add(clients.submit(() -> batcher.probabilities(rows)));
			}
			for (Future<float[][]> answer : answers) {
				assertThat(answer.get(30, TimeUnit.SECONDS)).hasNumberOfRows(2);
			}
		}
		finally {
			clients.shutdownNow();
		}
		assertThat(passRows).allSatisfy((rows) -> assertThat(rows).isLessThanOrEqualTo(4));
		assertThat(passRows.stream().mapToInt(Integer::intValue).sum()).isEqualTo(12);
	}

	@Test
	void aLoneRequestRunsOnItsOwnThreadWithoutWaiting() {
		PredictionBatcher batcher = batcher(Duration.ZERO, 512);

		long started = System.nanoTime();
		float[][] answer = batcher.probabilities(TestModels.rows(1, 1));

		assertThat(answer[0]).hasSize(TestModels.CLASSES);
		assertThat(this.passThreads).containsExactly(Thread.currentThread());
		assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));
	}

	@Test
	void rowsThatDoNotFitFailTheirOwnRequestAndNoOther() throws Exception {
		PredictionBatcher batcher = batcher(Duration.ofMillis(50), 512);
		ExecutorService clients = Executors.newFixedThreadPool(2);
		try {
			Future<float[][]> bad = clients.submit(() -> batcher.probabilities(new float[][] { { 1, 2 } }));
			Future<float[][]> good = clients.submit(() -> batcher.probabilities(TestModels.rows(1, 3)));

			assertThat(good.get(30, TimeUnit.SECONDS)[0]).hasSize(TestModels.CLASSES);
			assertThatExceptionOfType(java.util.concurrent.ExecutionException.class)
				.isThrownBy(() -> bad.get(30, TimeUnit.SECONDS))
				.withCauseInstanceOf(IllegalArgumentException.class);
		}
		finally {
			clients.shutdownNow();
		}
		// the batcher goes on serving
		assertThat(batcher.probabilities(TestModels.rows(1, 4))[0]).hasSize(TestModels.CLASSES);
		assertThatIllegalArgumentException().isThrownBy(() -> batcher.probabilities(new float[][] { { 1 } }));
	}

	@Test
	void aRetiredModelIsFreedAndRefusesLaterRequests() {
		PredictionBatcher batcher = batcher(Duration.ZERO, 512);
		batcher.probabilities(TestModels.rows(1, 1));

		batcher.retire();

		assertThatExceptionOfType(PredictionBatcher.RetiredModelException.class)
			.isThrownBy(() -> batcher.probabilities(TestModels.rows(1, 2)));
	}

}
