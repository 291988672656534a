package dev.kiln.jobs.internal.events;

import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import dev.kiln.engine.TrainingProgress;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

/**
 * This node's in-memory hub between the jobs it trains and the streams that follow them:
 * the latest progress of each running job, and wake-ups for the subscribed streams.
 * <p>
 * Callers (the training thread, a committing transaction) only put a task on one
 * publisher thread's bounded queue (at most one waiting task per job and kind, which
 * reads the newest progress when it runs; a full queue drops tasks); they never wait. The
 * publisher sets each subscriber's one-slot mailbox: a subscriber that falls behind sees
 * only the latest progress, and reads stored events from the database at its own pace, so
 * nothing queues up behind a slow client.
 */
@Component
public class JobEventBus implements DisposableBean {

	private final Map<UUID, TrainingProgress> latest = new ConcurrentHashMap<>();

	private final Map<UUID, Set<Subscription>> subscribers = new ConcurrentHashMap<>();

	/** Jobs with a fan-out queued: at most one task per job and kind waits at a time. */
	private final Set<UUID> progressPending = ConcurrentHashMap.newKeySet();

	private final Set<UUID> wakePending = ConcurrentHashMap.newKeySet();

	private final ThreadPoolExecutor publisher = new ThreadPoolExecutor(1, 1, 0, TimeUnit.SECONDS,
			new ArrayBlockingQueue<>(1024), (task) -> {
				Thread thread = new Thread(task, "kiln-events-publisher");
				thread.setDaemon(true);
				return thread;
			}, new ThreadPoolExecutor.DiscardPolicy());

	/** A running job's newest progress report; called on the training thread. */
	public void progress(UUID jobId, TrainingProgress progress) {
		this.latest.put(jobId, progress);
		if (this.progressPending.add(jobId)) {
			this.publisher.execute(() -> {
				this.progressPending.remove(jobId);
				TrainingProgress newest = this.latest.get(jobId);
				if (newest != null) {
					each(jobId, (s) -> s.progress(newest));
				}
			});
		}
	}

	/** Stored events of the job committed. */
	void storedEventsCommitted(UUID jobId) {
		if (this.wakePending.add(jobId)) {
			this.publisher.execute(() -> {
				this.wakePending.remove(jobId);
				each(jobId, Subscription::wake);
			});
		}
	}

	/** The job's run on this node ended: it has no progress any more. */
	public void runEnded(UUID jobId) {
		this.latest.remove(jobId);
	}

	public Optional<TrainingProgress> latestProgress(UUID jobId) {
		return Optional.ofNullable(this.latest.get(jobId));
	}

	/**
	 * A new stream's subscription, holding the job's newest progress already if this node
	 * trains it: a client that joins a run sees where it is without waiting for the next
	 * report.
	 */
	Subscription subscribe(UUID jobId) {
		Subscription subscription = new Subscription(jobId);
		this.subscribers.computeIfAbsent(jobId, (id) -> ConcurrentHashMap.newKeySet()).add(subscription);
		TrainingProgress newest = this.latest.get(jobId);
		if (newest != null) {
			subscription.progress(newest);
		}
		return subscription;
	}

	void unsubscribe(Subscription subscription) {
		this.subscribers.computeIfPresent(subscription.jobId(), (id, set) -> {
			set.remove(subscription);
			return set.isEmpty() ? null : set;
		});
	}

	/** Wakes every subscriber, as when the node shuts down. */
	void wakeAll() {
		this.subscribers.values().forEach((set) -> set.forEach(Subscription::wake));
	}

	private void each(UUID jobId, java.util.function.Consumer<Subscription> action) {
		Set<Subscription> set = this.subscribers.get(jobId);
		if (set != null) {
			set.forEach(action);
		}
	}

	@Override
	public void destroy() {
		this.publisher.shutdownNow();
	}

	/** One stream's mailbox: the latest unsent progress and a wake-up token. */
	static final class Subscription {

		private final UUID jobId;

		private final AtomicReference<TrainingProgress> progress = new AtomicReference<>();

		private final BlockingQueue<Boolean> wakeUps = new ArrayBlockingQueue<>(1);

		Subscription(UUID jobId) {
			this.jobId = jobId;
		}

		UUID jobId() {
			return this.jobId;
		}

		void progress(TrainingProgress latest) {
			this.progress.set(latest);
			wake();
		}

		void wake() {
			this.wakeUps.offer(Boolean.TRUE);
		}

		/** The progress not yet sent, if any. */
		TrainingProgress takeProgress() {
			return this.progress.getAndSet(null);
		}

		/** Waits until woken, or for at most {@code millis}. */
		void await(long millis) throws InterruptedException {
			this.wakeUps.poll(millis, TimeUnit.MILLISECONDS);
		}

	}

}
