package dev.kiln.jobs.internal;

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
	 * The part of the queue a node can serve ({@code device} gpu, cpu or any), oldest
	 * first.
	 */
	List<Job> findTop10ByStatusAndDeviceInOrderByCreatedAtAsc(JobStatus status, Collection<String> devices);

	List<Job> findByStatusIn(List<JobStatus> statuses);

	boolean existsByDatasetIdAndStatusIn(UUID datasetId, List<JobStatus> statuses);

	/**
	 * Running (or cancelling) jobs whose lease ran out: their node stopped heartbeating.
	 */
	List<Job> findByStatusInAndLeaseExpiresAtBefore(List<JobStatus> statuses, Instant now);

	/** Running (or cancelling) jobs held by the node instances named. */
	List<Job> findByStatusInAndLeaseOwnerStartingWith(List<JobStatus> statuses, String ownerPrefix);

	/**
	 * Renews a lease if {@code owner} still holds it for {@code attempt}; 0 rows when it
	 * does not.
	 */
	@Modifying
	@Query("update Job j set j.leaseExpiresAt = :until where j.id = :id and j.leaseOwner = :owner and j.attempt = :attempt")
	int renewLease(UUID id, String owner, int attempt, Instant until);

}
