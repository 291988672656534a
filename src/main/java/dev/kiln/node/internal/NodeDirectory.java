package dev.kiln.node.internal;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.kiln.node.JobDevices;
import dev.kiln.node.RunningJobs;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * The node list: every node process in the registry, whether it is alive, and the jobs it
 * holds.
 */
@Component
class NodeDirectory {

	private final StoredNodeRegistry registry;

	private final RunningJobs jobs;

	private final JsonMapper json;

	private final Clock clock;

	NodeDirectory(StoredNodeRegistry registry, RunningJobs jobs, JsonMapper json, Clock clock) {
		this.registry = registry;
		this.jobs = jobs;
		this.json = json;
		this.clock = clock;
	}

	@Transactional(readOnly = true)
	List<NodeResponse> list() {
		Map<String, List<UUID>> running = this.jobs.byLeaseOwner();
		Instant now = this.clock.instant();
		return this.registry.all()
			.stream()
			.map((node) -> new NodeResponse(node.nodeId(), node.instance(), node.role(), devices(node.devices()),
					(node.workers() > 0) ? JobDevices.specNames(JobDevices.servedBy(node.gpu())) : List.of(),
					node.workers(), node.freeWorkers(), node.startedAt(), node.lastHeartbeat(),
					this.registry.isAlive(node, now), running.getOrDefault(node.instance(), List.of())))
			.toList();
	}

	private List<NodeDevice> devices(String json) {
		return List.of(this.json.readValue(json, NodeDevice[].class));
	}

}
