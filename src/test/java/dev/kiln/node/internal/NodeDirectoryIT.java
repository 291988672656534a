package dev.kiln.node.internal;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.kiln.KilnApplication;
import dev.kiln.node.RunningJobs;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Primary;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The node list against the real database: this node registers itself at start-up, and
 * the list shows every node in the registry with the devices it reported, what it serves,
 * whether its heartbeat is recent, and the jobs held under its name. This node trains
 * nothing ({@code kiln.jobs.workers=0}); the running jobs come from a fixed
 * {@link RunningJobs}.
 */
@SpringBootTest(classes = KilnApplication.class, webEnvironment = SpringBootTest.WebEnvironment.NONE,
		properties = { "kiln.jobs.workers=0", "kiln.node.id=directory-test" })
@Import(NodeDirectoryIT.FixedRunningJobs.class)
class NodeDirectoryIT {

	static final Path DATA_DIR = Path.of("target", "it-data", "nodes-" + UUID.randomUUID()).toAbsolutePath();

	static final UUID GPU_JOB = UUID.randomUUID();

	@DynamicPropertySource
	static void dataFolder(DynamicPropertyRegistry registry) {
		registry.add("kiln.data-dir", DATA_DIR::toString);
	}

	@Autowired
	NodeRepository nodes;

	@Autowired
	NodeDirectory directory;

	private NodeResponse listed(String nodeId) {
		List<NodeResponse> matching = this.directory.list()
			.stream()
			.filter((node) -> node.nodeId().equals(nodeId))
			.toList();
		assertThat(matching).hasSize(1);
		return matching.get(0);
	}

	@Test
	void thisNodeIsListedWithItsDevicesAndServesNothingWhenItTrainsNothing() {
		assertThat(this.directory.list()).singleElement().satisfies((node) -> {
			assertThat(node.nodeId()).isEqualTo("directory-test");
			assertThat(node.instance()).startsWith("directory-test/");
			assertThat(node.role()).isEqualTo("all");
			assertThat(node.devices()).containsExactly(new NodeDevice("cpu", 0, "cpu"));
			assertThat(node.workers()).isZero();
			assertThat(node.alive()).isTrue();
			assertThat(node.serves()).isEmpty();
			assertThat(node.runningJobs()).isEmpty();
		});
	}

	@Test
	void eachNodeShowsItsDevicesWhatItServesAndTheJobsItRuns() {
		this.nodes.save(new NodeRow("gpu-node/1", "gpu-node", "worker", true,
				"[{\"kind\": \"gpu\", \"index\": 0, \"name\": \"fake\"}]", 1, 0, Instant.now()));
		this.nodes.save(new NodeRow("cpu-node/1", "cpu-node", "worker", false,
				"[{\"kind\": \"cpu\", \"index\": 0, \"name\": \"cpu\"}]", 2, 2, Instant.now()));

		NodeResponse gpu = listed("gpu-node");
		assertThat(gpu.devices()).containsExactly(new NodeDevice("gpu", 0, "fake"));
		assertThat(gpu.serves()).containsExactly("gpu", "any");
		assertThat(gpu.freeWorkers()).isZero();
		assertThat(gpu.alive()).isTrue();
		assertThat(gpu.runningJobs()).containsExactly(GPU_JOB);
		NodeResponse cpu = listed("cpu-node");
		assertThat(cpu.serves()).containsExactly("cpu", "any");
		assertThat(cpu.workers()).isEqualTo(2);
		assertThat(cpu.runningJobs()).isEmpty();
	}

	@Test
	void aNodeWhoseHeartbeatStoppedIsListedAsNotAlive() {
		this.nodes.save(new NodeRow("dead-gpu/1", "dead-gpu", "worker", true, "[]", 2, 2,
				Instant.now().minus(Duration.ofMinutes(5))));

		assertThat(listed("dead-gpu").alive()).isFalse();
		assertThat(listed("directory-test").alive()).isTrue();
	}

	/** Only this node stays registered between tests. */
	@AfterEach
	void forgetPlantedNodes() {
		this.nodes.findAll()
			.stream()
			.filter((node) -> !node.nodeId().equals("directory-test"))
			.forEach((node) -> this.nodes.delete(node));
	}

	/** The jobs module's answer, fixed: one job held by the GPU node. */
	@TestConfiguration(proxyBeanMethods = false)
	static class FixedRunningJobs {

		@Bean
		@Primary
		RunningJobs fixedRunningJobs() {
			return () -> Map.of("gpu-node/1", List.of(GPU_JOB));
		}

	}

}
