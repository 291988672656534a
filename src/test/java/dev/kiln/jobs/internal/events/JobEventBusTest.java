package dev.kiln.jobs.internal.events;

import java.time.Duration;
import java.util.UUID;

import dev.kiln.engine.TrainingProgress;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class JobEventBusTest {

	private final JobEventBus bus = new JobEventBus();

	private final UUID job = UUID.randomUUID();

	@AfterEach
	void stop() {
		this.bus.destroy();
	}

	private static TrainingProgress progress(long iterations) {
		return new TrainingProgress(1, 2, (int) iterations, 100, iterations, 10, 1, 5.0);
	}

	@Test
	void keepsTheLatestProgressOfARunningJobUntilItsRunEnds() {
		this.bus.progress(this.job, progress(1));
		this.bus.progress(this.job, progress(2));
		assertThat(this.bus.latestProgress(this.job)).contains(progress(2));
		assertThat(this.bus.latestProgress(UUID.randomUUID())).isEmpty();

		this.bus.runEnded(this.job);
		assertThat(this.bus.latestProgress(this.job)).isEmpty();
	}

	@Test
	void aNewSubscriberStartsWithTheNewestProgressOfARunningJob() {
		assertThat(this.bus.subscribe(this.job).takeProgress()).isNull();
		this.bus.progress(this.job, progress(3));
		this.bus.progress(this.job, progress(4));
		assertThat(this.bus.subscribe(this.job).takeProgress()).isEqualTo(progress(4));
		this.bus.runEnded(this.job);
		assertThat(this.bus.subscribe(this.job).takeProgress()).isNull();
	}

	@Test
	void aSubscriberThatDoesNotReadSeesOnlyTheLatestProgressAndNothingQueuesUp() throws InterruptedException {
		JobEventBus.Subscription slow = this.bus.subscribe(this.job);
		JobEventBus.Subscription other = this.bus.subscribe(UUID.randomUUID());
		for (int i = 1; i <= 10_000; i++) {
			this.bus.progress(this.job, progress(i));
		}
		await().atMost(Duration.ofSeconds(5)).until(() -> {
			TrainingProgress latest = slow.takeProgress();
			return latest != null && latest.iterations() == 10_000;
		});
		assertThat(slow.takeProgress()).isNull();
		assertThat(other.takeProgress()).as("another job's subscriber").isNull();
	}

	@Test
	void wakesTheJobsSubscribersWhenStoredEventsCommitted() throws InterruptedException {
		JobEventBus.Subscription subscription = this.bus.subscribe(this.job);
		long start = System.nanoTime();
		Thread waiter = new Thread(() -> {
			try {
				subscription.await(10_000);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		});
		waiter.start();
		this.bus.storedEventsCommitted(this.job);
		waiter.join(5_000);
		assertThat(waiter.isAlive()).isFalse();
		assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
	}

	@Test
	void anUnsubscribedStreamIsNoLongerReached() {
		JobEventBus.Subscription subscription = this.bus.subscribe(this.job);
		this.bus.unsubscribe(subscription);
		this.bus.progress(this.job, progress(1));
		JobEventBus.Subscription probe = this.bus.subscribe(this.job);
		this.bus.progress(this.job, progress(2));
		await().atMost(Duration.ofSeconds(5)).until(() -> probe.takeProgress() != null);
		assertThat(subscription.takeProgress()).isNull();
	}

}
