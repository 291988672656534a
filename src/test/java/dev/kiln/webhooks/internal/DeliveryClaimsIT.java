package dev.kiln.webhooks.internal;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import dev.kiln.KilnApplication;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Claimers running side by side (as the dispatchers of several nodes do) never claim the
 * same notice, and a claimed notice is not due again while its attempt may be in flight.
 */
@SpringBootTest(classes = KilnApplication.class, webEnvironment = SpringBootTest.WebEnvironment.NONE,
		properties = { "kiln.jobs.workers=0", "kiln.webhooks.poll-interval=1h" })
class DeliveryClaimsIT {

	static final Path DATA_DIR = Path.of("target", "it-data", "webhook-claims-" + UUID.randomUUID()).toAbsolutePath();

	@DynamicPropertySource
	static void dataFolder(DynamicPropertyRegistry registry) {
		registry.add("kiln.data-dir", DATA_DIR::toString);
	}

	@Autowired
	DeliveryClaims claims;

	@Autowired
	WebhookDeliveryRepository deliveries;

	@Test
	void concurrentClaimersShareTheDueNoticesWithoutOverlap() throws Exception {
		Instant due = Instant.now().minusSeconds(1);
		Set<UUID> made = new HashSet<>();
		for (int i = 0; i < 40; i++) {
			WebhookDelivery delivery = new WebhookDelivery(UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID(),
					"job.succeeded", "http://127.0.0.1:9/", "{}", due);
			this.deliveries.save(delivery);
			made.add(delivery.id());
		}
		int claimers = 4;
		CyclicBarrier together = new CyclicBarrier(claimers);
		ExecutorService threads = Executors.newFixedThreadPool(claimers);
		List<Future<List<UUID>>> results = new ArrayList<>();
		for (int i = 0; i < claimers; i++) {
			results.add(threads.submit(() -> {
				together.await();
				List<UUID> mine = new ArrayList<>();
				List<UUID> batch;
				do {
					batch = this.claims.claimDue(Instant.now(), Duration.ofMinutes(5));
					mine.addAll(batch);
				}
				while (!batch.isEmpty());
				return mine;
			}));
		}
		List<UUID> all = new ArrayList<>();
		for (Future<List<UUID>> result : results) {
			all.addAll(result.get());
		}
		threads.shutdown();

		assertThat(all).doesNotHaveDuplicates();
		assertThat(new HashSet<>(all)).containsAll(made);
		// claimed: not due again until the in-flight time has passed
		assertThat(this.claims.claimDue(Instant.now(), Duration.ofMinutes(5))).isEmpty();
		Instant later = Instant.now().plus(Duration.ofMinutes(6));
		Set<UUID> again = new HashSet<>();
		List<UUID> batch;
		do {
			batch = this.claims.claimDue(later, Duration.ofMinutes(5));
			again.addAll(batch);
		}
		while (!batch.isEmpty());
		assertThat(again).isEqualTo(made);
	}

}
