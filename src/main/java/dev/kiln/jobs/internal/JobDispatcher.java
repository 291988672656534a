package dev.kiln.jobs.internal;

import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import dev.kiln.jobs.JobsProperties;
import dev.kiln.node.NodeProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Hands queued jobs to this node's workers. The job table is the queue: the dispatcher
 * claims the oldest QUEUED job (a row lock that skips rows other claimers hold, and a
 * lease; see {@link JobUpdates#claimNext}), whenever a worker is free, on a timer, when a
 * job is submitted and when a worker finishes. A heartbeat renews the leases of the jobs
 * running here and recovers jobs whose lease expired; on start-up the jobs an earlier
 * process of this node held are recovered at once. On shutdown it stops running jobs at
 * their next iteration boundary and leaves them QUEUED, to resume from their newest
 * checkpoint.
 */
@Component
class JobDispatcher implements SmartLifecycle {

	private static final Logger log = LoggerFactory.getLogger(JobDispatcher.class);

	private final JobUpdates updates;

	private final JobRunner runner;

	private final LeaseKeeper leases;

	private final NodeIdentity node;

	private final StopSignals stopSignals;

	private final JobsProperties properties;

	private final StopConditions stopConditions;

	/** Jobs trained at once here: kiln.jobs.workers, or 0 on an api node. */
	private final int workerCount;

	private final Semaphore freeWorkers;

	private final ExecutorService workers;

	private final ScheduledExecutorService ticker;

	private volatile boolean running;

	JobDispatcher(JobUpdates updates, JobRunner runner, LeaseKeeper leases, NodeIdentity node, StopSignals stopSignals,
			JobsProperties properties, NodeProperties nodeProperties, StopConditions stopConditions) {
		this.stopConditions = stopConditions;
		this.updates = updates;
		this.runner = runner;
		this.leases = leases;
		this.node = node;
		this.stopSignals = stopSignals;
		this.properties = properties;
		this.workerCount = nodeProperties.role().trains() ? properties.workers() : 0;
		this.freeWorkers = new Semaphore(this.workerCount);
		AtomicInteger workerNumber = new AtomicInteger();
		this.workers = Executors.newFixedThreadPool(Math.max(1, this.workerCount),
				(task) -> new Thread(task, "kiln-worker-" + workerNumber.incrementAndGet()));
		this.ticker = Executors.newSingleThreadScheduledExecutor((task) -> {
			Thread thread = new Thread(task, "kiln-dispatcher");
			thread.setDaemon(true);
			return thread;
		});
	}

	/** Starts once the whole application (built-in datasets included) is ready. */
	@EventListener(ApplicationReadyEvent.class)
	void onReady() {
		this.leases.recoverEarlierInstances();
		this.running = true;
		long heartbeat = this.properties.heartbeatInterval().toMillis();
		this.ticker.scheduleWithFixedDelay(this::keepLeases, heartbeat, heartbeat, TimeUnit.MILLISECONDS);
		if (this.workerCount == 0) {
			log.info("Node {} queues jobs but trains none (kiln.node.role api, or kiln.jobs.workers 0)",
					this.node.owner());
			return;
		}
		log.info("Node {} dispatches to {} worker(s)", this.node.owner(), this.workerCount);
		long period = this.properties.pollInterval().toMillis();
		this.ticker.scheduleWithFixedDelay(this::dispatch, 0, period, TimeUnit.MILLISECONDS);
	}

	/** Looks at the queue now rather than at the next tick. */
	void wake() {
		if (this.running && this.workerCount > 0) {
			this.ticker.execute(this::dispatch);
		}
	}

	private void keepLeases() {
		try {
			this.leases.heartbeat();
			this.leases.recoverExpired();
		}
		catch (RuntimeException ex) {
			// the next beat tries again
			log.warn("Keeping leases failed: {}", ex.toString());
		}
	}

	private void dispatch() {
		try {
			this.stopConditions.cancelOverdue();
			while (this.running && this.freeWorkers.tryAcquire()) {
				Optional<Job> claimed = this.updates.claimNext(this.node.owner(), this.properties.leaseDuration());
				if (claimed.isEmpty()) {
					this.freeWorkers.release();
					return;
				}
				Job job = claimed.get();
				this.workers.execute(() -> {
					try {
						this.runner.run(job);
					}
					finally {
						this.freeWorkers.release();
						wake();
					}
				});
			}
		}
		catch (RuntimeException ex) {
			// the next tick tries again; a dispatcher that dies would stall the queue
			log.warn("Dispatching failed: {}", ex.toString());
		}
	}

	@Override
	public void start() {
		// dispatching starts on ApplicationReadyEvent; see onReady()
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	/**
	 * Stops before the web server and the database go away, so that running jobs can be
	 * put back in the queue.
	 */
	@Override
	public int getPhase() {
		return SmartLifecycle.DEFAULT_PHASE;
	}

	@Override
	public void stop() {
		this.running = false;
		this.ticker.shutdownNow();
		int active = this.stopSignals.runningCount();
		if (active > 0) {
			log.info("Shutting down: stopping {} running job(s) at their next iteration", active);
		}
		this.stopSignals.raiseAll(StopSignals.Reason.SHUTDOWN);
		this.workers.shutdown();
		try {
			if (!this.workers.awaitTermination(this.properties.shutdownGrace().toMillis(), TimeUnit.MILLISECONDS)) {
				log.warn("Running jobs did not stop within {}; they resume after the next start",
						this.properties.shutdownGrace());
				this.workers.shutdownNow();
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
