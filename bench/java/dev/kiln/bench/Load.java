package dev.kiln.bench;

import java.util.ArrayList;
import java.util.List;
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

	/** One request of a run; a response other than a 2xx counts as a failure. */
	@FunctionalInterface
	interface Call {

		ApiClient.Response send(ApiClient client, int index) throws Exception;

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

	/** Sends {@code count} requests, shared among {@code clients} concurrent clients. */
	static Result count(ApiClient base, int clients, int count, Call call) throws Exception {
		AtomicInteger next = new AtomicInteger();
		return run(base, clients, (client) -> {
			int index = next.getAndIncrement();
			return (index < count) ? index : -1;
		}, call);
	}

	/** Keeps {@code clients} concurrent clients busy for {@code seconds}. */
	static Result duration(ApiClient base, int clients, double seconds, Call call) throws Exception {
		long deadline = System.nanoTime() + (long) (seconds * 1e9);
		AtomicInteger next = new AtomicInteger();
		return run(base, clients, (client) -> (System.nanoTime() < deadline) ? next.getAndIncrement() : -1, call);
	}

	private static Result run(ApiClient base, int clients, IntFunction<Integer> nextIndex, Call call)
			throws Exception {
		ExecutorService pool = Executors.newFixedThreadPool(clients);
		List<Future<Client>> futures = new ArrayList<>();
		long start = System.nanoTime();
		try {
			for (int c = 0; c < clients; c++) {
				int id = c;
				futures.add(pool.submit(() -> {
					Client client = new Client(base.newConnection());
					for (int index = nextIndex.apply(id); index >= 0; index = nextIndex.apply(id)) {
						client.send(call, index);
					}
					return client;
				}));
			}
			List<Client> done = new ArrayList<>();
			for (Future<Client> future : futures) {
				done.add(future.get());
			}
			double seconds = (System.nanoTime() - start) / 1e9;
			int requests = done.stream().mapToInt((c) -> c.count).sum();
			int failures = done.stream().mapToInt((c) -> c.failures).sum();
			long[] nanos = new long[requests];
			int at = 0;
			for (Client client : done) {
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

	private static final class Client {

		private final ApiClient api;

		private long[] nanos = new long[1024];

		private int count;

		private int failures;

		private String firstFailure;

		Client(ApiClient api) {
			this.api = api;
		}

		void send(Call call, int index) {
			long start = System.nanoTime();
			boolean ok;
			try {
				ApiClient.Response response = call.send(this.api, index);
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
