package dev.kiln.jobs.internal.api;

import java.util.UUID;

import dev.kiln.checkpoints.JobOwnership;
import dev.kiln.jobs.internal.lifecycle.JobRepository;

import org.springframework.stereotype.Component;

@Component
class TenantJobOwnership implements JobOwnership {

	private final JobRepository jobs;

	TenantJobOwnership(JobRepository jobs) {
		this.jobs = jobs;
	}

	@Override
	public boolean isOwnedBy(UUID jobId, UUID tenantId) {
		return this.jobs.existsByIdAndTenantId(jobId, tenantId);
	}

}
