package dev.kiln.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;

/**
 * Drives requests from concurrent clients and records each one's latency and outcome.
 * Each client has its own connection.
 */
final class Load {

	/**
	 * One request of a run over a client's connection; a response other than a 2xx counts
	 * as a failure.
	 */
	@FunctionalInterface
	interface Call<C> {

		ApiClient.Response send(C connection, int index) throws Exception;

	}

	/**
	 * @param requests requests sent
	 * @param failures requests that failed (an error answer or an exception)
	 * @param seconds elapsed wall time
	 * @param latenciesMillis each request's latency, sorted ascending
	 * @param firstFailure what the first failure was, or null
	 */
	record Result(int requests, int failures, double seconds, double[] latenciesMillis, String firstFailure) {

		double perSecond() {
			return this.requests / this.seconds;
		}

		double p50() {
			return Samples.percentile(this.latenciesMillis, 50);
		}

		double p99() {
			return Samples.percentile(this.latenciesMillis, 99);
		}

	}

	private Load() {
	}

	/**
	 * Sends {@code count} requests, shared among {@code clients} concurrent clients, each
	 * with its own connection from {@code connect}.
	 */
	static <C> Result count(Callable<C> connect, int clients, int count, Call<C> call) throws Exception {
		AtomicInteger next = new AtomicInteger();
		return run(connect, clients, (client) -> {
			int index = next.getAndIncrement();
			return (index < count) ? index : -1;
		}, call);
	}

	/** Keeps {@code clients} concurrent clients busy for {@code seconds}. */
	static <C> Result duration(Callable<C> connect, int clients, double seconds, Call<C> call) throws Exception {
		long deadline = System.nanoTime() + (long) (seconds * 1e9);
		AtomicInteger next = new AtomicInteger();
		return run(connect, clients, (client) -> (System.nanoTime() < deadline) ? next.getAndIncrement() : -1, call);
	}

	private static <C> Result run(Callable<C> connect, int clients, IntFunction<Integer> nextIndex, Call<C> call)
			throws Exception {
		ExecutorService pool = Executors.newFixedThreadPool(clients);
		List<Future<Client<C>>> futures = new ArrayList<>();
		long start = System.nanoTime();
		try {
			for (int c = 0; c < clients; c++) {
				int id = c;
				futures.add(pool.submit(() -> {
					Client<C> client = new Client<>(connect.call());
					try {
						for (int index = nextIndex.apply(id); index >= 0; index = nextIndex.apply(id)) {
							client.send(call, index);
						}
					}
					finally {
						if (client.connection instanceof AutoCloseable closeable) {
							closeable.close();
						}
					}
					return client;
				}));
			}
			List<Client<C>> done = new ArrayList<>();
			for (Future<Client<C>> future : futures) {
				done.add(future.get());
			}
			double seconds = (System.nanoTime() - start) / 1e9;
			int requests = done.stream().mapToInt((c) -> c.count).sum();
			int failures = done.stream().mapToInt((c) -> c.failures).sum();
			long[] nanos = new long[requests];
			int at = 0;
			for (Client<C> client : done) {
				System.arraycopy(client.nanos, 0, nanos, at, client.count);
				at += client.count;
			}
			String firstFailure = done.stream()
				.map((c) -> c.firstFailure)
				.filter((f) -> f != null)
				.findFirst()
				.orElse(null);
			return new Result(requests, failures, seconds, Samples.sortedMillis(nanos, requests), firstFailure);
		}
		finally {
			pool.shutdownNow();
		}
	}

	private static final class Client<C> {

		private final C connection;

		private long[] nanos = new long[1024];

		private int count;

		private int failures;

		private String firstFailure;

		Client(C connection) {
			this.connection = connection;
		}

		void send(Call<C> call, int index) {
			long start = System.nanoTime();
			boolean ok;
			try {
				ApiClient.Response response = call.send(this.connection, index);
				ok = response.ok();
				if (!ok && this.firstFailure == null) {
					String answer = response.toString();
					this.firstFailure = answer.substring(0, Math.min(300, answer.length()));
				}
			}
			catch (Exception ex) {
				ok = false;
				if (this.firstFailure == null) {
					this.firstFailure = ex.toString();
				}
			}
			long elapsed = System.nanoTime() - start;
			if (this.count == this.nanos.length) {
				this.nanos = java.util.Arrays.copyOf(this.nanos, this.count * 2);
			}
			this.nanos[this.count++] = elapsed;
			if (!ok) {
				this.failures++;
			}
		}

	}

}
