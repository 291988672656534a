package dev.kiln.jobs.internal.events;

import java.util.List;
import java.util.UUID;

import org.springframework.data.domain.Limit;
import org.springframework.data.jpa.repository.JpaRepository;

interface JobEventRepository extends JpaRepository<JobEventRow, Long> {

	/** A job's stored events after {@code afterId}, oldest first. */
	List<JobEventRow> findByJobIdAndIdGreaterThanOrderById(UUID jobId, long afterId, Limit limit);

}
