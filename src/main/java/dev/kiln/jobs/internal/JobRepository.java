package dev.kiln.jobs.internal;

import java.util.List;
import java.util.UUID;

import dev.kiln.jobs.JobStatus;

import org.springframework.data.domain.Page;
import org.springframework.data.domain.Pageable;
import org.springframework.data.jpa.repository.JpaRepository;

public interface JobRepository extends JpaRepository<Job, UUID> {

	Page<Job> findByStatus(JobStatus status, Pageable pageable);

	/** The queue, oldest first. */
	List<Job> findTop10ByStatusOrderByCreatedAtAsc(JobStatus status);

	List<Job> findByStatusIn(List<JobStatus> statuses);

	boolean existsByDatasetIdAndStatusIn(UUID datasetId, List<JobStatus> statuses);

}
