package dev.kiln.jobs.internal.lifecycle;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Consumer;

import dev.kiln.jobs.internal.plan.MemoryBudget;
import dev.kiln.node.JobDevices;
import dev.kiln.spec.DeviceClass;

import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Short transactions that change one job. A change that loses a race on the version
 * column (a cancel arriving while a worker records an epoch) is read again and
 * re-applied, so neither write is lost. Writes made by a run go through {@link #fenced},
 * which refuses them once the run no longer holds its job.
 */
@Component
public class JobUpdates implements RunStore {

	private static final int ATTEMPTS = 5;

	private final JobRepository jobs;

	private final TransactionTemplate transactions;

	private final Clock clock;

	JobUpdates(JobRepository jobs, PlatformTransactionManager transactionManager, Clock clock) {
		this.jobs = jobs;
		this.transactions = new TransactionTemplate(transactionManager);
		this.clock = clock;
	}

	@Override
	public Clock clock() {
		return this.clock;
	}

	@Override
	public Job read(UUID jobId) {
		return this.transactions.execute((status) -> this.jobs.findById(jobId)
			.orElseThrow(() -> new IllegalStateException("job " + jobId + " vanished")));
	}

	/**
	 * Applies {@code change} to the job in its own transaction, retrying on a concurrent
	 * update.
	 */
	public Job update(UUID jobId, Consumer<Job> change) {
		return fenced(jobId, null, 0, change, () -> {
		});
	}

	/**
	 * Applies a run's writes in one transaction, after checking that attempt
	 * {@code attempt} of {@code owner} still holds the job: {@code alsoInTransaction}
	 * (metric and checkpoint rows) and {@code change} (the job row) commit together or
	 * not at all. With a null owner nothing is checked. The job's state changes are
	 * published in the same transaction ({@link JobStateChanged}): its event rows and,
	 * when it ends, its callback notice ({@code events.JobEndNotices}) commit with it.
	 * @throws dev.kiln.jobs.StaleAttemptException if the run no longer holds the job
	 */
	@Override
	public Job fenced(UUID jobId, String owner, int attempt, Consumer<Job> change, Runnable alsoInTransaction) {
		OptimisticLockingFailureException last = null;
		for (int i = 0; i < ATTEMPTS; i++) {
			try {
				return this.transactions.execute((status) -> {
					Job job = this.jobs.findById(jobId)
						.orElseThrow(() -> new IllegalStateException("job " + jobId + " vanished"));
					if (owner != null) {
						job.checkHeldBy(owner, attempt);
					}
					alsoInTransaction.run();
					change.accept(job);
					return this.jobs.saveAndFlush(job);
				});
			}
			catch (OptimisticLockingFailureException ex) {
				last = ex;
			}
		}
		throw last;
	}

	/**
	 * Claims the oldest queued job whose {@code device} is one of {@code devices} (what
	 * this node's workers can serve, see {@link JobDevices}) for a worker of
	 * {@code owner}, in one short transaction: the job's row is locked with
	 * {@code FOR UPDATE SKIP LOCKED}, so claimers on other threads or nodes pass over it
	 * to the next one instead of waiting or failing, and the job becomes RUNNING under a
	 * new attempt and lease before the lock is released. Empty when no such job is free.
	 * Training happens afterwards, outside any transaction.
	 */
	public Optional<Job> claimNext(String owner, Duration lease, Collection<DeviceClass> devices) {
		return claimNext(owner, lease, devices, null);
	}

	/**
	 * Claims as {@link #claimNext(String, Duration, Collection)} does, if the oldest job
	 * fits this node's {@code budget} (null: no budget): its memory estimate is reserved
	 * before the job becomes RUNNING, and freed again if the claim does not commit. A job
	 * that does not fit stays QUEUED and first in line (nothing younger overtakes it, so
	 * a large job is not starved by small ones).
	 */
	public Optional<Job> claimNext(String owner, Duration lease, Collection<DeviceClass> devices, MemoryBudget budget) {
		List<String> deviceNames = JobDevices.specNames(devices);
		UUID[] reserved = new UUID[1];
		try {
			return Optional.ofNullable(this.transactions.execute((status) -> this.jobs.lockOldestQueued(deviceNames)
				.flatMap((id) -> this.jobs.findById(UUID.fromString(id)))
				.filter((job) -> {
					if (budget == null) {
						return true;
					}
					boolean fits = budget.tryReserve(job.id(), job.memoryEstimate());
					reserved[0] = fits ? job.id() : null;
					return fits;
				})
				.map((job) -> {
					Instant now = this.clock.instant();
					job.start(owner, now.plus(lease), now);
					return this.jobs.saveAndFlush(job);
				})
				.orElse(null)));
		}
		catch (OptimisticLockingFailureException ex) {
			// a cancel committed between the lock and the update: the next tick claims
			// again
			release(budget, reserved[0]);
			return Optional.empty();
		}
		catch (RuntimeException | Error ex) {
			release(budget, reserved[0]);
			throw ex;
		}
	}

	private static void release(MemoryBudget budget, UUID jobId) {
		if (budget != null && jobId != null) {
			budget.release(jobId);
		}
	}

	/**
	 * Renews a run's lease and records its latest progress (JSON, or null); false when
	 * the run no longer holds its job, or its lease ran out before this renewal (any node
	 * may recover the job from then on, and one that could not reach the database to
	 * renew in time must not take it back).
	 */
	public boolean renewLease(UUID jobId, String owner, int attempt, Duration lease, String progress) {
		Integer renewed = this.transactions.execute((status) -> {
			Instant now = this.clock.instant();
			return this.jobs.renewLease(jobId, owner, attempt, now, now.plus(lease), progress);
		});
		return renewed != null && renewed > 0;
	}

}
