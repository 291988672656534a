package dev.kiln.checkpoints.internal;

import java.util.List;
import java.util.UUID;

import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Query;

public interface CheckpointRowRepository extends JpaRepository<CheckpointRow, UUID> {

	List<CheckpointRow> findByJobIdOrderByEpoch(UUID jobId);

	/** The bytes every recorded checkpoint file takes. */
	@Query("select coalesce(sum(c.sizeBytes), 0) from CheckpointRow c")
	long totalSizeBytes();

}
