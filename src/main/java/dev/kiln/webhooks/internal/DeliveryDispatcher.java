package dev.kiln.webhooks.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import dev.kiln.webhooks.WebhooksProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Sends due notices in the background, on threads of its own: never on a training thread,
 * and nothing it does (a slow, failing or hostile receiver) reaches the job. Each tick
 * claims due notices in a short transaction that locks them
 * ({@code FOR UPDATE SKIP LOCKED}) and moves their next attempt past the time an attempt
 * can take; the HTTP call happens outside any transaction, and its outcome is recorded in
 * another. A node that dies mid-attempt leaves the notice to be retried once that time
 * has passed, so a notice is sent at least once.
 */
@Component
class DeliveryDispatcher implements SmartLifecycle {

	private static final Logger log = LoggerFactory.getLogger(DeliveryDispatcher.class);

	private static final int SENDERS = 4;

	private final WebhookDeliveryRepository deliveries;

	private final DeliveryClaims claims;

	private final CallbackUrlPolicy policy;

	private final CallbackSender sender;

	private final TenantSecrets secrets;

	private final WebhooksProperties properties;

	private final Clock clock;

	private final TransactionTemplate transactions;

	private final Backoff backoff;

	private volatile ScheduledExecutorService ticker;

	private volatile ThreadPoolExecutor senders;

	DeliveryDispatcher(WebhookDeliveryRepository deliveries, DeliveryClaims claims, CallbackUrlPolicy policy,
			CallbackSender sender, TenantSecrets secrets, WebhooksProperties properties, Clock clock,
			PlatformTransactionManager transactionManager) {
		this.deliveries = deliveries;
		this.claims = claims;
		this.policy = policy;
		this.sender = sender;
		this.secrets = secrets;
		this.properties = properties;
		this.clock = clock;
		this.transactions = new TransactionTemplate(transactionManager);
		this.backoff = new Backoff(properties.initialBackoff(), properties.maxBackoff(),
				() -> ThreadLocalRandom.current().nextDouble());
	}

	@Override
	public void start() {
		AtomicInteger count = new AtomicInteger();
		this.senders = (ThreadPoolExecutor) Executors.newFixedThreadPool(SENDERS, (task) -> {
			Thread thread = new Thread(task, "kiln-webhook-" + count.incrementAndGet());
			thread.setDaemon(true);
			return thread;
		});
		this.ticker = Executors.newSingleThreadScheduledExecutor((task) -> {
			Thread thread = new Thread(task, "kiln-webhook-dispatcher");
			thread.setDaemon(true);
			return thread;
		});
		long interval = Math.max(10, this.properties.pollInterval().toMillis());
		this.ticker.scheduleWithFixedDelay(this::tick, interval, interval, TimeUnit.MILLISECONDS);
	}

	@Override
	public void stop() {
		shutdown(this.ticker);
		shutdown(this.senders);
		this.ticker = null;
		this.senders = null;
	}

	private static void shutdown(ExecutorService executor) {
		if (executor == null) {
			return;
		}
		executor.shutdownNow();
		try {
			executor.awaitTermination(5, TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	@Override
	public boolean isRunning() {
		return this.ticker != null;
	}

	/** Looks for due notices as soon as the current transaction commits. */
	void wakeAfterCommit() {
		if (TransactionSynchronizationManager.isSynchronizationActive()) {
			TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
				@Override
				public void afterCommit() {
					wake();
				}
			});
		}
	}

	private void wake() {
		ScheduledExecutorService current = this.ticker;
		if (current != null) {
			try {
				current.execute(this::tick);
			}
			catch (RuntimeException ex) {
				// shutting down: the next start picks the notice up
			}
		}
	}

	/** Claims what is due, while senders are free. */
	void tick() {
		try {
			ThreadPoolExecutor pool = this.senders;
			if (pool == null || pool.getActiveCount() + pool.getQueue().size() >= SENDERS) {
				return;
			}
			for (UUID id : this.claims.claimDue(this.clock.instant(), inFlight())) {
				pool.execute(() -> attempt(id));
			}
		}
		catch (RuntimeException ex) {
			log.warn("Looking for due webhook notices failed: {}", ex.toString());
		}
	}

	/** Longer than an attempt can take: claimed notices are not due again before. */
	private Duration inFlight() {
		return this.properties.connectTimeout().plus(this.properties.readTimeout()).multipliedBy(2).plusSeconds(30);
	}

	private void attempt(UUID id) {
		try {
			WebhookDelivery delivery = this.transactions.execute((status) -> this.deliveries.findById(id).orElse(null));
			if (delivery == null || !WebhookDelivery.PENDING.equals(delivery.status())) {
				return;
			}
			Instant started = this.clock.instant();
			long startNanos = System.nanoTime();
			CallbackSender.Result result;
			try {
				// checked again now: the host's addresses may have changed since
				// submission
				this.policy.check(delivery.url());
				String secret = this.secrets.of(delivery.tenantId()).secret();
				result = this.sender.send(delivery, secret, started.getEpochSecond());
			}
			catch (CallbackUrlPolicy.Refused ex) {
				result = new CallbackSender.Result(null, "refused: " + ex.getMessage());
			}
			long millis = (System.nanoTime() - startNanos) / 1_000_000;
			record(id, result, started, millis);
		}
		catch (RuntimeException ex) {
			log.warn("Webhook notice {} could not be attempted: {}", id, ex.toString());
		}
	}

	private void record(UUID id, CallbackSender.Result result, Instant started, long millis) {
		this.transactions.executeWithoutResult((status) -> {
			WebhookDelivery delivery = this.deliveries.findById(id).orElseThrow();
			int number = delivery.attempts() + 1;
			Instant now = this.clock.instant();
			Instant retryAt = (number >= this.properties.maxAttempts()) ? null : now.plus(this.backoff.after(number));
			WebhookAttempt attempt = new WebhookAttempt(number, started, result.statusCode(), result.error(), millis);
			delivery.attempted(attempt, retryAt, now);
			this.deliveries.saveAndFlush(delivery);
			if (attempt.succeeded()) {
				log.info("Webhook notice {} ({} of job {}) delivered: {}", id, delivery.eventType(), delivery.jobId(),
						result.statusCode());
			}
			else {
				log.warn("Webhook notice {} of job {} attempt {} failed ({}); {}", id, delivery.jobId(), number,
						(result.statusCode() != null) ? "status " + result.statusCode() : result.error(),
						(retryAt != null) ? "next attempt at " + retryAt : "given up");
			}
		});
	}

}
