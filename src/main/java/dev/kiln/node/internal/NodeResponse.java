package dev.kiln.node.internal;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import io.swagger.v3.oas.annotations.media.Schema;

@Schema(description = "A Kiln node process as it last reported itself")
record NodeResponse(@Schema(description = "kiln.node.id (the host name by default)") String nodeId,
		@Schema(description = "<node id>/<process>: the name its leases and job attempts carry") String instance,
		@Schema(description = "api, worker or all") String role,
		@Schema(description = "Its compute devices: the CPU, or one entry per GPU") List<NodeDevice> devices,
		@Schema(description = "The device values of the jobs it claims: cpu and any, or gpu and any") List<String> serves,
		@Schema(description = "How many jobs it trains at once") int workers,
		@Schema(description = "Workers without a job, at its last report") int freeWorkers, Instant startedAt,
		Instant lastHeartbeat,
		@Schema(description = "Whether its last heartbeat is within the lease duration (kiln.jobs.lease-duration)") boolean alive,
		@Schema(description = "The jobs it is running (RUNNING or CANCELLING under its lease)") List<UUID> runningJobs) {
}
