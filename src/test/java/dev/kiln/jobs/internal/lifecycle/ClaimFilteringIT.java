package dev.kiln.jobs.internal.lifecycle;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import dev.kiln.KilnApplication;
import dev.kiln.checkpoints.CheckpointMetric;
import dev.kiln.datasets.DatasetCatalog;
import dev.kiln.jobs.JobStatus;
import dev.kiln.jobs.internal.api.JobService;
import dev.kiln.node.JobDevices;
import dev.kiln.node.RunningJobs;
import dev.kiln.spec.DeviceClass;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The claim against the real database: a node claims only the queued jobs whose
 * {@code device} it can serve, oldest first, and a queued job's reason follows the node
 * registry, and the node list's running jobs are the ones each node claimed. This node
 * trains nothing ({@code kiln.jobs.workers=0}), so the only claims are the test's own,
 * made as a GPU node and as a CPU node would make them.
 */
@SpringBootTest(classes = KilnApplication.class, webEnvironment = SpringBootTest.WebEnvironment.NONE,
		properties = { "kiln.jobs.workers=0", "kiln.node.id=claim-test" })
class ClaimFilteringIT {

	static final Path DATA_DIR = Path.of("target", "it-data", "claims-" + UUID.randomUUID()).toAbsolutePath();

	private static final UUID TENANT = UUID.fromString("00000000-0000-0000-0000-000000000001");

	private static final Duration LEASE = Duration.ofHours(1);

	@DynamicPropertySource
	static void dataFolder(DynamicPropertyRegistry registry) {
		registry.add("kiln.data-dir", DATA_DIR::toString);
	}

	@Autowired
	JobRepository jobs;

	@Autowired
	JobUpdates updates;

	@Autowired
	JobService service;

	@Autowired
	RunningJobs running;

	@Autowired
	JdbcTemplate jdbc;

	@Autowired
	DatasetCatalog datasets;

	private UUID queue(String device, Instant createdAt) throws Exception {
		UUID iris = this.datasets.find(TENANT, "iris").orElseThrow().id();
		String spec = Files.readString(Path.of("examples", "iris-mlp.json"))
			.replace("\"name\": \"iris-mlp\"", "\"name\": \"iris-mlp\", \"device\": \"" + device + "\"");
		Job job = new Job(UUID.randomUUID(), TENANT, device + "-job", iris, spec, 60, CheckpointMetric.VALIDATION_LOSS,
				DeviceClass.fromSpecName(device), createdAt);
		return this.jobs.save(job).id();
	}

	private Optional<UUID> claimAs(String owner, List<DeviceClass> devices) {
		return this.updates.claimNext(owner, LEASE, devices).map(Job::id);
	}

	/** A node row as another node process would have written it. */
	private void plantNode(String nodeId, boolean gpu, int workers, Instant lastHeartbeat) {
		this.jdbc.update(
				"insert into node (instance, node_id, role, gpu, devices, workers, free_workers, started_at,"
						+ " last_heartbeat) values (?, ?, 'worker', ?, '[]', ?, ?, ?, ?)",
				nodeId + "/1", nodeId, gpu, workers, workers, lastHeartbeat.atOffset(ZoneOffset.UTC),
				lastHeartbeat.atOffset(ZoneOffset.UTC));
	}

	private String waitingFor(UUID id) {
		return this.service.get(TENANT, id).waitingFor();
	}

	@Test
	void eachNodeClaimsOnlyTheDevicesItServesOldestFirstAndTheReasonFollowsTheRegistry() throws Exception {
		Instant start = Instant.now().minusSeconds(60);
		UUID cpuJob = queue("cpu", start);
		UUID gpuJob = queue("gpu", start.plusSeconds(1));
		UUID anyJob = queue("any", start.plusSeconds(2));
		UUID laterGpuJob = queue("gpu", start.plusSeconds(3));

		// only this node is registered, and it trains nothing
		assertThat(waitingFor(gpuJob)).startsWith("no live node trains jobs");

		// a CPU node joins: the GPU jobs still wait, now for a GPU
		plantNode("cpu-node", false, 1, Instant.now());
		assertThat(waitingFor(gpuJob)).isEqualTo("no live node has a GPU; it starts when one that has joins");
		assertThat(waitingFor(cpuJob)).isEqualTo("a free worker on one of the 1 live node(s) that can run it");

		// a GPU node joins: it claims the GPU and any jobs, oldest first, never the CPU
		// one
		plantNode("gpu-node", true, 1, Instant.now());
		assertThat(waitingFor(gpuJob)).isEqualTo("a free worker on one of the 1 live node(s) that can run it");
		List<DeviceClass> onAGpu = JobDevices.servedBy(true);
		assertThat(claimAs("gpu-node/1", onAGpu)).contains(gpuJob);
		assertThat(claimAs("gpu-node/1", onAGpu)).contains(anyJob);
		assertThat(claimAs("gpu-node/1", onAGpu)).contains(laterGpuJob);
		assertThat(claimAs("gpu-node/1", onAGpu)).isEmpty();
		assertThat(this.updates.read(cpuJob).status()).isEqualTo(JobStatus.QUEUED);

		// the CPU node claims the CPU job
		assertThat(claimAs("cpu-node/1", JobDevices.servedBy(false))).contains(cpuJob);
		assertThat(claimAs("cpu-node/1", JobDevices.servedBy(false))).isEmpty();
		assertThat(waitingFor(cpuJob)).isNull();

		// the node list learns who runs what
		assertThat(this.running.byLeaseOwner().get("gpu-node/1")).containsExactlyInAnyOrder(gpuJob, anyJob,
				laterGpuJob);
		assertThat(this.running.byLeaseOwner().get("cpu-node/1")).containsExactly(cpuJob);
	}

	@Test
	void aNodeWhoseHeartbeatStoppedCountsAsGone() throws Exception {
		UUID gpuJob = queue("gpu", Instant.now().minusSeconds(30));
		plantNode("dead-gpu", true, 2, Instant.now().minus(Duration.ofMinutes(5)));

		// a dead GPU node serves nothing: only this node is alive, and it trains nothing
		assertThat(waitingFor(gpuJob)).startsWith("no live node trains jobs");
		this.updates.update(gpuJob, (job) -> job.cancel(Instant.now()));
	}

	/** Only this node stays registered between tests. */
	@AfterEach
	void forgetPlantedNodes() {
		this.jdbc.update("delete from node where node_id <> 'claim-test'");
	}

}
