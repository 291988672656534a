package dev.kiln.jobs.internal.api;

import java.util.UUID;

import dev.kiln.datasets.DatasetUsage;
import dev.kiln.jobs.JobStatus;
import dev.kiln.jobs.internal.lifecycle.JobRepository;

import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * A dataset is in use while a job that has not ended trains on it, so the registry must
 * not delete it.
 */
@Component
class ActiveJobsDatasetUsage implements DatasetUsage {

	private final JobRepository jobs;

	ActiveJobsDatasetUsage(JobRepository jobs) {
		this.jobs = jobs;
	}

	@Override
	@Transactional(readOnly = true)
	public boolean inUseByActiveJob(UUID datasetId) {
		return this.jobs.existsByDatasetIdAndStatusIn(datasetId, JobStatus.active());
	}

}
