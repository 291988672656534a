package dev.kiln.checkpoints.internal;

import java.util.List;
import java.util.UUID;

import org.springframework.data.jpa.repository.JpaRepository;

public interface CheckpointRowRepository extends JpaRepository<CheckpointRow, UUID> {

	List<CheckpointRow> findByJobIdOrderByEpoch(UUID jobId);

}
