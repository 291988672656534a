package dev.kiln.e2e;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The control plane under concurrent clients, over real HTTP: submissions (queued and dry
 * runs), status reads, list reads and cancels from 50 clients at once all succeed. The
 * queued jobs ask for a GPU, which this node does not have, so they stay QUEUED and train
 * nothing.
 */
class ControlPlaneConcurrencyIT extends KilnServerIT {

	private static final int CLIENTS = 50;

	private static final String SPEC = """
			{"name": "load", "dataset": "iris", "device": "gpu",
			 "model": {"input": [4], "layers": [
			   {"type": "dense", "units": 16, "activation": "relu"},
			   {"type": "output", "units": 3, "activation": "softmax", "loss": "cross-entropy"}]},
			 "training": {"epochs": 5, "batchSize": 16}%s}""";

	@Test
	void fiftyConcurrentClientsSubmitReadListAndCancelWithoutAFailure() throws Exception {
		KilnClient tenant = this.kiln.newTenant("control-plane-" + System.nanoTime());
		List<String> queued = java.util.Collections.synchronizedList(new ArrayList<>());

		Map<String, AtomicInteger> submitFailures = concurrently(200, (i) -> {
			boolean dryRun = i % 2 == 0;
			String stopping = (i % 4 == 1) ? ", \"stopping\": {\"maxQueueWait\": \"PT1H\"}" : "";
			KilnClient.Response response = tenant.post("/api/v1/jobs" + (dryRun ? "?dryRun=true" : ""),
					SPEC.formatted(stopping));
			if (response.status() == 202) {
				queued.add(response.json().get("id").asString());
			}
			return (response.status() == (dryRun ? 200 : 202)) ? null : response.toString();
		});
		assertThat(submitFailures).as("failed submissions").isEmpty();
		assertThat(queued).hasSize(100);

		Map<String, AtomicInteger> readFailures = concurrently(1000, (i) -> {
			KilnClient.Response response = (i % 10 == 9) ? tenant.get("/api/v1/jobs?size=20&page=" + (i % 5))
					: tenant.get("/api/v1/jobs/" + queued.get(i % queued.size()));
			if (response.status() != 200) {
				return response.toString();
			}
			JsonNode body = response.json();
			if (body.has("status") && !"QUEUED".equals(body.get("status").asString())) {
				return "not queued: " + body;
			}
			return null;
		});
		assertThat(readFailures).as("failed reads").isEmpty();

		JsonNode one = tenant.get("/api/v1/jobs/" + queued.get(0)).json();
		assertThat(one.get("waitingFor").asString()).startsWith("no live node has a GPU");
		assertThat(tenant.get("/api/v1/jobs?status=QUEUED&size=1").json().get("totalItems").asInt()).isEqualTo(100);

		Map<String, AtomicInteger> cancelFailures = concurrently(queued.size(), (i) -> {
			KilnClient.Response response = tenant.post("/api/v1/jobs/" + queued.get(i) + "/cancel", "");
			return (response.status() == 202 && "CANCELLED".equals(response.json().get("status").asString())) ? null
					: response.toString();
		});
		assertThat(cancelFailures).as("failed cancels").isEmpty();
	}

	/**
	 * Runs {@code count} calls on {@link #CLIENTS} threads; answers each failure (what
	 * the call returned, or what it threw) with how often it happened.
	 */
	private static Map<String, AtomicInteger> concurrently(int count, IntFunction<String> call) throws Exception {
		Map<String, AtomicInteger> failures = new ConcurrentHashMap<>();
		AtomicInteger next = new AtomicInteger();
		ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
		try {
			List<Future<?>> running = new ArrayList<>();
			for (int c = 0; c < CLIENTS; c++) {
				running.add(clients.submit(() -> {
					for (int i = next.getAndIncrement(); i < count; i = next.getAndIncrement()) {
						String failure;
						try {
							failure = call.apply(i);
						}
						catch (RuntimeException ex) {
							failure = ex.toString();
						}
						if (failure != null) {
							String key = failure.substring(0, Math.min(300, failure.length()));
							failures.computeIfAbsent(key, (k) -> new AtomicInteger()).incrementAndGet();
						}
					}
				}));
			}
			for (Future<?> client : running) {
				client.get(5, TimeUnit.MINUTES);
			}
		}
		finally {
			clients.shutdownNow();
		}
		return failures;
	}

}
