package dev.kiln.jobs.internal.queue;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import dev.kiln.engine.StopReason;
import dev.kiln.jobs.JobStatus;
import dev.kiln.jobs.JobsProperties;
import dev.kiln.jobs.internal.events.JobEventBus;
import dev.kiln.jobs.internal.lifecycle.Job;
import dev.kiln.jobs.internal.lifecycle.JobRepository;
import dev.kiln.jobs.internal.lifecycle.JobUpdates;
import dev.kiln.jobs.internal.lifecycle.Setback;
import dev.kiln.jobs.internal.run.RetryPolicy;
import dev.kiln.jobs.internal.run.StopSignals;
import dev.kiln.node.NodeIdentity;
import dev.kiln.node.NodeRegistry;
import dev.kiln.web.DatabaseOutages;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.stereotype.Component;

/**
 * Keeps the leases of the jobs this node runs and recovers the jobs whose node stopped: a
 * running job's lease is renewed by heartbeat (not judged by how long the job has run:
 * training may last hours), and a job whose lease expired, or that an earlier process of
 * this same node held, goes back to the queue to resume from its newest checkpoint — or
 * fails for good once it has used up its attempts ({@link RetryPolicy}).
 */
@Component
class LeaseKeeper {

	private static final Logger log = LoggerFactory.getLogger(LeaseKeeper.class);

	private final JobRepository jobs;

	private final JobUpdates updates;

	private final StopSignals stopSignals;

	private final NodeIdentity node;

	private final JobsProperties properties;

	private final NodeRegistry registry;

	private final JobEventBus progress;

	private final JsonMapper json;

	private final AttemptProgress attemptProgress;

	private final RetryPolicy retries;

	LeaseKeeper(JobRepository jobs, JobUpdates updates, StopSignals stopSignals, NodeIdentity node,
			JobsProperties properties, NodeRegistry registry, JobEventBus progress, JsonMapper json,
			AttemptProgress attemptProgress, RetryPolicy retries) {
		this.attemptProgress = attemptProgress;
		this.retries = retries;
		this.registry = registry;
		this.progress = progress;
		this.json = json;
		this.jobs = jobs;
		this.updates = updates;
		this.stopSignals = stopSignals;
		this.node = node;
		this.properties = properties;
	}

	/**
	 * Renews the lease of every job running here, recording its latest progress so that
	 * other nodes can show it, and refreshes this node's row in the node registry; a run
	 * that lost its lease is told to stop. While the database cannot be reached the runs
	 * go on until their lease would have run out, and are then told to stop too: by then
	 * another node may recover their jobs.
	 * @return false if the database could not be reached
	 */
	boolean heartbeat() {
		boolean reachable = true;
		for (Map.Entry<UUID, StopSignals.Signal> running : this.stopSignals.running().entrySet()) {
			UUID jobId = running.getKey();
			StopSignals.Signal signal = running.getValue();
			if (signal.reason() == StopReason.SUPERSEDED) {
				continue;
			}
			if (reachable) {
				try {
					renew(jobId, signal);
					continue;
				}
				catch (RuntimeException ex) {
					// the next beat tries again; meanwhile the lease runs down (and each
					// further try would wait for a connection as long again)
					reachable = !DatabaseOutages.isOutage(ex);
					log.warn("Renewing the lease of job {} failed: {}", jobId, ex.toString());
				}
			}
			if (signal.leaseLeftNanos() <= 0) {
				log.warn("Job {} attempt {}: its lease ran out before it could be renewed; stopping it", jobId,
						signal.attempt());
				signal.raise(StopReason.SUPERSEDED);
			}
		}
		if (!reachable) {
			return false;
		}
		try {
			this.registry.heartbeat();
		}
		catch (RuntimeException ex) {
			// the next beat refreshes the row
			log.warn("Refreshing this node in the node registry failed: {}", ex.toString());
			return !DatabaseOutages.isOutage(ex);
		}
		return true;
	}

	private void renew(UUID jobId, StopSignals.Signal signal) {
		String progress = this.progress.latestProgress(jobId).map(this.json::writeValueAsString).orElse(null);
		long startedAt = System.nanoTime();
		if (this.updates.renewLease(jobId, this.node.owner(), signal.attempt(), this.properties.leaseDuration(),
				progress)) {
			signal.leaseRenewed(startedAt, this.properties.leaseDuration());
		}
		else {
			log.warn("Job {} attempt {} lost its lease; stopping it", jobId, signal.attempt());
			signal.raise(StopReason.SUPERSEDED);
		}
	}

	/**
	 * At start-up: the jobs an earlier process of this node held are orphans now; no need
	 * to wait for expiry.
	 */
	void recoverEarlierInstances() {
		for (Job job : this.jobs.findByStatusInAndLeaseOwnerStartingWith(JobStatus.leaseHolders(),
				this.node.nodeId() + "/")) {
			if (this.node.isEarlierInstance(job.leaseOwner())) {
				recover(job,
						job.leaseOwner() + " stopped while it ran attempt " + job.attempt() + " (this node restarted)");
			}
		}
	}

	/** Periodically: jobs whose node stopped renewing their lease. */
	void recoverExpired() {
		for (Job job : this.jobs.findByStatusInAndLeaseExpiresAtBefore(JobStatus.leaseHolders(),
				this.updates.clock().instant())) {
			recover(job, "the lease of " + job.leaseOwner() + " on attempt " + job.attempt() + " expired at "
					+ job.leaseExpiresAt());
		}
	}

	/**
	 * Ends the attempt the job's vanished holder ran, if it still holds the job: a job
	 * being cancelled is cancelled; otherwise the attempt counts against the job's
	 * attempts unless it reached a new checkpoint, and the job is requeued or failed.
	 * @param cause what happened to the holder
	 */
	private void recover(Job seen, String cause) {
		Job recovered = this.updates.update(seen.id(), (job) -> {
			boolean unchanged = job.attempt() == seen.attempt() && job.status().holdsLease()
					&& seen.leaseOwner().equals(job.leaseOwner());
			if (!unchanged) {
				return;
			}
			Instant now = this.updates.clock().instant();
			if (job.status() == JobStatus.CANCELLING) {
				job.cancelled("interrupted: " + cause + "; it was being cancelled", now);
			}
			else {
				this.retries.setback(job,
						Setback.interrupted(cause, this.attemptProgress.newCheckpoint(job.id(), job.attempt())), now);
			}
		});
		log.info("Job {} recovered: now {} ({})", seen.id(), recovered.status(), cause);
	}

}
