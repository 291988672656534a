package dev.kiln.jobs.internal.queue;

import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import dev.kiln.engine.StopReason;
import dev.kiln.jobs.JobsProperties;
import dev.kiln.jobs.internal.events.JobEventBus;
import dev.kiln.jobs.internal.events.JobMetrics;
import dev.kiln.jobs.internal.lifecycle.Job;
import dev.kiln.jobs.internal.lifecycle.JobUpdates;
import dev.kiln.jobs.internal.plan.MemoryBudget;
import dev.kiln.jobs.internal.run.JobRunner;
import dev.kiln.jobs.internal.run.StopConditions;
import dev.kiln.jobs.internal.run.StopSignals;
import dev.kiln.node.JobDevices;
import dev.kiln.node.NodeIdentity;
import dev.kiln.node.NodeRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Hands queued jobs to this node's workers. The job table is the queue: the dispatcher
 * claims the oldest QUEUED job this node's devices can serve (its {@code device}; a row
 * lock that skips rows other claimers hold, and a lease; see
 * {@link JobUpdates#claimNext}), whenever a worker is free, on a timer, when a job is
 * submitted and when a worker finishes. A heartbeat renews the leases of the jobs running
 * here and recovers jobs whose lease expired; on start-up the jobs an earlier process of
 * this node held are recovered at once. On shutdown it stops running jobs at their next
 * iteration boundary and leaves them QUEUED, to resume from their newest checkpoint.
 */
@Component
public class JobDispatcher implements SmartLifecycle {

	private static final Logger log = LoggerFactory.getLogger(JobDispatcher.class);

	private final JobUpdates updates;

	private final JobRunner runner;

	private final LeaseKeeper leases;

	private final NodeIdentity node;

	private final StopSignals stopSignals;

	private final JobsProperties properties;

	private final StopConditions stopConditions;

	private final WorkerPool workers;

	private final NodeRegistry registry;

	private final MemoryBudget memory;

	private final JobMetrics jobMetrics;

	private final JobEventBus bus;

	private final ScheduledExecutorService ticker;

	/**
	 * The heartbeat's own thread: while the database is away each look at the queue waits
	 * for a connection, and the leases must not wait behind it.
	 */
	private final ScheduledExecutorService leaseTicker;

	/**
	 * A look at the queue is already waiting on the ticker: further wakes add nothing.
	 */
	private final AtomicBoolean wakePending = new AtomicBoolean();

	private volatile boolean running;

	JobDispatcher(JobUpdates updates, JobRunner runner, LeaseKeeper leases, NodeIdentity node, StopSignals stopSignals,
			JobsProperties properties, StopConditions stopConditions, WorkerPool workers, NodeRegistry registry,
			MemoryBudget memory, JobMetrics jobMetrics, JobEventBus bus) {
		this.memory = memory;
		this.jobMetrics = jobMetrics;
		this.bus = bus;
		this.stopConditions = stopConditions;
		this.updates = updates;
		this.runner = runner;
		this.leases = leases;
		this.node = node;
		this.stopSignals = stopSignals;
		this.properties = properties;
		this.workers = workers;
		this.registry = registry;
		this.ticker = daemon("kiln-dispatcher");
		this.leaseTicker = daemon("kiln-leases");
	}

	private static ScheduledExecutorService daemon(String name) {
		return Executors.newSingleThreadScheduledExecutor((task) -> {
			Thread thread = new Thread(task, name);
			thread.setDaemon(true);
			return thread;
		});
	}

	/** Starts once the whole application (built-in datasets included) is ready. */
	@EventListener(ApplicationReadyEvent.class)
	void onReady() {
		this.leases.recoverEarlierInstances();
		this.registry.register();
		this.running = true;
		long heartbeat = this.properties.heartbeatInterval().toMillis();
		this.leaseTicker.scheduleWithFixedDelay(this::keepLeases, heartbeat, heartbeat, TimeUnit.MILLISECONDS);
		if (this.workers.size() == 0) {
			log.info("Node {} queues jobs but trains none (kiln.node.role api, or kiln.jobs.workers 0)",
					this.node.owner());
			return;
		}
		log.info("Node {} dispatches jobs whose device is {} to {} worker(s): {}", this.node.owner(),
				String.join(" or ", JobDevices.specNames(this.workers.servedDevices())), this.workers.size(),
				this.workers.workers().stream().map((worker) -> worker.device().name()).toList());
		long period = this.properties.pollInterval().toMillis();
		this.ticker.scheduleWithFixedDelay(this::dispatch, 0, period, TimeUnit.MILLISECONDS);
	}

	/**
	 * Looks at the queue now rather than at the next tick. Wakes that arrive while one is
	 * pending (a burst of submissions) are served by that one look.
	 */
	public void wake() {
		if (this.running && this.workers.size() > 0 && this.wakePending.compareAndSet(false, true)) {
			try {
				this.ticker.execute(this::claimOnWake);
			}
			catch (java.util.concurrent.RejectedExecutionException ex) {
				// shutting down
				this.wakePending.set(false);
			}
		}
	}

	/**
	 * Claims only: the queue-wait limits are the timer's to check, since a wake comes
	 * with every submission.
	 */
	private void claimOnWake() {
		this.wakePending.set(false);
		try {
			claimWhileWorkersAreFree();
			this.registry.workersChanged();
		}
		catch (RuntimeException ex) {
			log.warn("Dispatching failed: {}", ex.toString());
		}
	}

	private void keepLeases() {
		try {
			// with the database away, looking for expired leases would only wait for a
			// connection as long again
			if (this.leases.heartbeat()) {
				this.leases.recoverExpired();
			}
		}
		catch (RuntimeException ex) {
			// the next beat tries again
			log.warn("Keeping leases failed: {}", ex.toString());
		}
	}

	private void dispatch() {
		try {
			this.stopConditions.cancelOverdue();
			claimWhileWorkersAreFree();
			this.registry.workersChanged();
		}
		catch (RuntimeException ex) {
			// the next tick tries again; a dispatcher that dies would stall the queue
			log.warn("Dispatching failed: {}", ex.toString());
		}
	}

	private void claimWhileWorkersAreFree() {
		while (this.running) {
			Optional<WorkerPool.Worker> worker = this.workers.acquire();
			if (worker.isEmpty()) {
				return;
			}
			Optional<Job> claimed;
			try {
				claimed = this.updates.claimNext(this.node.owner(), this.properties.leaseDuration(),
						this.workers.servedDevices(), this.memory);
			}
			catch (RuntimeException ex) {
				this.workers.release(worker.get());
				throw ex;
			}
			if (claimed.isEmpty()) {
				this.workers.release(worker.get());
				return;
			}
			Job job = claimed.get();
			this.workers.run(worker.get(), () -> {
				try {
					this.jobMetrics.claimed(job);
					this.runner.run(job);
				}
				finally {
					this.bus.runEnded(job.id());
					this.memory.release(job.id());
				}
			}, this::wake);
		}
	}

	@Override
	public void start() {
		// dispatching starts on ApplicationReadyEvent; see onReady()
	}

	/**
	 * Not paused with its context (as the test framework pauses cached contexts):
	 * stopping hands the running jobs back to the queue and ends the workers, which only
	 * a shutdown should do.
	 */
	@Override
	public boolean isPauseable() {
		return false;
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
		this.leaseTicker.shutdownNow();
		int active = this.stopSignals.runningCount();
		if (active > 0) {
			log.info("Shutting down: stopping {} running job(s) at their next iteration", active);
		}
		this.stopSignals.raiseAll(StopReason.SHUTDOWN);
		this.workers.shutdown();
		try {
			if (!this.workers.awaitTermination(this.properties.shutdownGrace())) {
				log.warn("Running jobs did not stop within {}; they resume after the next start",
						this.properties.shutdownGrace());
				this.workers.shutdownNow();
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		try {
			this.registry.deregister();
		}
		catch (RuntimeException ex) {
			// its heartbeat stops; the node list shows it as not alive
			log.warn("Could not remove this node from the node registry: {}", ex.toString());
		}
	}

}
