package dev.kiln.e2e;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * Concurrent predictions over real HTTP against a trained DL4J network: each request gets
 * exactly the answer it gets alone, while the model's batcher merges them into fewer
 * forward passes (the shared server waits {@code kiln.inference.batch-wait} for more).
 */
class ConcurrentPredictionsIT extends KilnServerIT {

	private static final int CLIENTS = 24;

	@Autowired
	MeterRegistry registry;

	@Test
	void concurrentRequestsWithDistinctInstancesEachGetTheirOwnAnswerFromSharedPasses() throws Exception {
		ObjectNode spec = (ObjectNode) KilnClient.JSON.readTree(KilnClient.example("iris-mlp.json"));
		((ObjectNode) spec.get("training")).put("epochs", 5);
		String id = this.kiln.submit(spec.toString());
		JsonNode job = this.kiln.awaitEnd(id, Duration.ofMinutes(3));
		assertThat(job.get("status").asString()).as(job.toString()).isEqualTo("SUCCEEDED");
		String path = "/api/v1/jobs/" + id + "/predict";

		Random random = new Random(11);
		List<String> bodies = new ArrayList<>();
		List<JsonNode> alone = new ArrayList<>();
		for (int i = 0; i < CLIENTS; i++) {
			String body = String.format(Locale.ROOT, "{\"instances\": [[%.2f, %.2f, %.2f, %.2f]]}",
					4 + 4 * random.nextDouble(), 2 + 2.5 * random.nextDouble(), 1 + 6 * random.nextDouble(),
					0.1 + 2.5 * random.nextDouble());
			bodies.add(body);
			KilnClient.Response answer = this.kiln.post(path, body);
			assertThat(answer.status()).as(answer.toString()).isEqualTo(200);
			alone.add(answer.json());
		}

		double passesBefore = passes();
		int rounds = 3;
		ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
		try {
			for (int round = 0; round < rounds; round++) {
				CountDownLatch start = new CountDownLatch(1);
				List<Future<KilnClient.Response>> answers = new ArrayList<>();
				for (String body : bodies) {
					answers.add(clients.submit(() -> {
						start.await();
						return this.kiln.post(path, body);
					}));
				}
				start.countDown();
				for (int i = 0; i < CLIENTS; i++) {
					KilnClient.Response answer = answers.get(i).get(60, TimeUnit.SECONDS);
					assertThat(answer.status()).as(answer.toString()).isEqualTo(200);
					assertSameAnswer(answer.json(), alone.get(i), "client " + i + " in round " + round);
				}
			}
		}
		finally {
			clients.shutdownNow();
		}
		double passes = passes() - passesBefore;
		assertThat(passes).as("forward passes for %d concurrent predictions", rounds * CLIENTS)
			.isLessThan(rounds * CLIENTS);
	}

	private double passes() {
		return this.registry.get("kiln.inference.batch.rows").summary().count();
	}

	private static void assertSameAnswer(JsonNode answer, JsonNode alone, String who) {
		assertThat(answer.get("checkpoint")).as(who).isEqualTo(alone.get("checkpoint"));
		JsonNode prediction = answer.get("predictions").get(0);
		JsonNode expected = alone.get("predictions").get(0);
		assertThat(prediction.get("label")).as(who).isEqualTo(expected.get("label"));
		assertThat(prediction.get("probabilities").propertyNames())
			.containsExactlyElementsOf(expected.get("probabilities").propertyNames());
		for (String label : expected.get("probabilities").propertyNames()) {
			assertThat(prediction.get("probabilities").get(label).asDouble()).as(who + " " + label)
				.isCloseTo(expected.get("probabilities").get(label).asDouble(), within(1e-5));
		}
	}

}
