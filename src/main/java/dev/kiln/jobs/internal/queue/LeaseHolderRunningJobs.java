package dev.kiln.jobs.internal.queue;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

import dev.kiln.jobs.JobStatus;
import dev.kiln.jobs.internal.lifecycle.Job;
import dev.kiln.jobs.internal.lifecycle.JobRepository;
import dev.kiln.node.RunningJobs;

import org.springframework.stereotype.Component;

/**
 * The node list's running jobs: those in a status that holds a lease
 * ({@link JobStatus#leaseHolders()}), by the lease's owner.
 */
@Component
class LeaseHolderRunningJobs implements RunningJobs {

	private final JobRepository jobs;

	LeaseHolderRunningJobs(JobRepository jobs) {
		this.jobs = jobs;
	}

	@Override
	public Map<String, List<UUID>> byLeaseOwner() {
		return this.jobs.findByStatusIn(JobStatus.leaseHolders())
			.stream()
			.filter((job) -> job.leaseOwner() != null)
			.collect(Collectors.groupingBy(Job::leaseOwner, Collectors.mapping(Job::id, Collectors.toList())));
	}

}
