package dev.kiln.jobs.internal;

import dev.kiln.jobs.internal.lifecycle.Job;
import dev.kiln.jobs.internal.lifecycle.JobJson;
import dev.kiln.jobs.internal.lifecycle.JobRepository;
import dev.kiln.jobs.internal.plan.JobDevices;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

import dev.kiln.jobs.JobStatus;
import dev.kiln.jobs.JobsProperties;

import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * The node list: every node process in the registry, whether it is alive, and the jobs it
 * holds.
 */
@Component
public class NodeDirectory {

	private final NodeRegistry registry;

	private final JobRepository jobs;

	private final JobJson json;

	private final JobsProperties properties;

	private final Clock clock;

	NodeDirectory(NodeRegistry registry, JobRepository jobs, JobJson json, JobsProperties properties, Clock clock) {
		this.registry = registry;
		this.jobs = jobs;
		this.json = json;
		this.properties = properties;
		this.clock = clock;
	}

	@Transactional(readOnly = true)
	public List<NodeResponse> list() {
		Map<String, List<UUID>> running = this.jobs.findByStatusIn(JobStatus.leaseHolders())
			.stream()
			.filter((job) -> job.leaseOwner() != null)
			.collect(Collectors.groupingBy(Job::leaseOwner, Collectors.mapping(Job::id, Collectors.toList())));
		Instant now = this.clock.instant();
		return this.registry.all()
			.stream()
			.map((node) -> new NodeResponse(node.nodeId(), node.instance(), node.role(),
					this.json.devices(node.devices()),
					(node.workers() > 0) ? JobDevices.specNames(JobDevices.servedBy(node.gpu())) : List.of(),
					node.workers(), node.freeWorkers(), node.startedAt(), node.lastHeartbeat(),
					node.aliveAt(now, this.properties.leaseDuration()),
					running.getOrDefault(node.instance(), List.of())))
			.toList();
	}

}
