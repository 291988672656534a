package dev.kiln.metrics.internal;

import java.util.List;
import java.util.UUID;

import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Modifying;
import org.springframework.data.jpa.repository.Query;

public interface EpochMetricRowRepository extends JpaRepository<EpochMetricRow, Long> {

	List<EpochMetricRow> findByJobIdOrderByEpoch(UUID jobId);

	@Modifying
	@Query("delete from EpochMetricRow r where r.jobId = :jobId and r.epoch > :epoch")
	int deleteByJobIdAndEpochGreaterThan(UUID jobId, int epoch);

}
