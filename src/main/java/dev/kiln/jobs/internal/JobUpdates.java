package dev.kiln.jobs.internal;

import java.time.Clock;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Consumer;

import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Short transactions that change one job. A change that loses a race on the version
 * column (a cancel arriving while a worker records an epoch) is read again and
 * re-applied, so neither write is lost.
 */
@Component
class JobUpdates {

	private static final int ATTEMPTS = 5;

	private final JobRepository jobs;

	private final TransactionTemplate transactions;

	private final Clock clock;

	JobUpdates(JobRepository jobs, PlatformTransactionManager transactionManager, Clock clock) {
		this.jobs = jobs;
		this.transactions = new TransactionTemplate(transactionManager);
		this.clock = clock;
	}

	Clock clock() {
		return this.clock;
	}

	Job read(UUID jobId) {
		return this.transactions.execute((status) -> this.jobs.findById(jobId)
			.orElseThrow(() -> new IllegalStateException("job " + jobId + " vanished")));
	}

	/**
	 * Applies {@code change} to the job in its own transaction, retrying on a concurrent
	 * update.
	 */
	Job update(UUID jobId, Consumer<Job> change) {
		OptimisticLockingFailureException last = null;
		for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
			try {
				return this.transactions.execute((status) -> {
					Job job = this.jobs.findById(jobId)
						.orElseThrow(() -> new IllegalStateException("job " + jobId + " vanished"));
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
	 * Claims the oldest queued job for a worker; empty when the queue is empty or another
	 * claimer won.
	 */
	Optional<UUID> claimNext() {
		try {
			return Optional.ofNullable(this.transactions.execute((status) -> {
				for (Job job : this.jobs.findTop10ByStatusOrderByCreatedAtAsc(dev.kiln.jobs.JobStatus.QUEUED)) {
					job.start(this.clock.instant());
					this.jobs.saveAndFlush(job);
					return job.id();
				}
				return null;
			}));
		}
		catch (OptimisticLockingFailureException ex) {
			return Optional.empty();
		}
	}

}
