package dev.kiln.jobs.internal.api;

import dev.kiln.jobs.internal.lifecycle.JobRepository;

import java.util.UUID;

import dev.kiln.checkpoints.JobOwnership;

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
