package dev.kiln.jobs.internal.lifecycle;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import dev.kiln.jobs.JobStatus;

import org.springframework.data.domain.Page;
import org.springframework.data.domain.Pageable;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Modifying;
import org.springframework.data.jpa.repository.Query;

public interface JobRepository extends JpaRepository<Job, UUID> {

	Page<Job> findByTenantId(UUID tenantId, Pageable pageable);

	Page<Job> findByTenantIdAndStatus(UUID tenantId, JobStatus status, Pageable pageable);

	Optional<Job> findByIdAndTenantId(UUID id, UUID tenantId);

	boolean existsByIdAndTenantId(UUID id, UUID tenantId);

	/**
	 * Locks the oldest queued job whose {@code device} is one of {@code devices} (what a
	 * node can serve: gpu, cpu or any) that no other transaction has locked, and answers
	 * its id: concurrent claimers (threads or nodes) each get a different job, or none,
	 * and never wait for one another. {@code SKIP LOCKED} is understood by PostgreSQL and
	 * by H2 2.2.220 and later. Hold the lock only for the claim's short transaction. (The
	 * id is answered as text: a native query gives H2's UUIDs as bytes.)
	 */
	@Query(value = "select cast(id as varchar(36)) from job where status = 'QUEUED' and device in (:devices)"
			+ " order by created_at, id fetch first 1 rows only for update skip locked", nativeQuery = true)
	Optional<String> lockOldestQueued(Collection<String> devices);

	List<Job> findByStatusIn(Collection<JobStatus> statuses);

	/**
	 * The ids of the queued jobs that never started and whose maxQueueWait ran out before
	 * {@code now} (an index on status and deadline serves it).
	 */
	@Query("select j.id from Job j where j.status = dev.kiln.jobs.JobStatus.QUEUED and j.attempt = 0"
			+ " and j.queueDeadline < :now")
	List<UUID> findOverdueQueued(Instant now);

	/**
	 * Queued jobs without a queue deadline whose spec may name a maxQueueWait: those
	 * queued before the deadline was recorded at submission.
	 */
	@Query("select j from Job j where j.status = dev.kiln.jobs.JobStatus.QUEUED and j.attempt = 0"
			+ " and j.queueDeadline is null and j.specJson like '%maxQueueWait%'")
	List<Job> findQueuedWithoutDeadline();

	boolean existsByDatasetIdAndStatusIn(UUID datasetId, Collection<JobStatus> statuses);

	/**
	 * Running (or cancelling) jobs whose lease ran out: their node stopped heartbeating.
	 */
	List<Job> findByStatusInAndLeaseExpiresAtBefore(Collection<JobStatus> statuses, Instant now);

	/** Running (or cancelling) jobs held by the node instances named. */
	List<Job> findByStatusInAndLeaseOwnerStartingWith(Collection<JobStatus> statuses, String ownerPrefix);

	/** How many jobs are in each state (states without jobs are missing). */
	@Query("select j.status as status, count(j) as count from Job j group by j.status")
	List<StatusCount> countByStatus();

	/** A row of {@link #countByStatus()}. */
	interface StatusCount {

		JobStatus getStatus();

		long getCount();

	}

	/**
	 * Renews a run's lease and records its latest progress (JSON, may be null), if the
	 * run still holds the job and its lease has not run out by {@code now}; 0 rows when
	 * not.
	 */
	@Modifying
	@Query("update Job j set j.leaseExpiresAt = :until, j.progressJson = :progress"
			+ " where j.id = :id and j.leaseOwner = :owner and j.attempt = :attempt and j.leaseExpiresAt > :now")
	int renewLease(UUID id, String owner, int attempt, Instant now, Instant until, String progress);

	/** The recorded progress of a job while it is held by a run. */
	@Query("select j.progressJson from Job j where j.id = :id and j.status in :held")
	Optional<String> findProgressJson(UUID id, Collection<JobStatus> held);

}
