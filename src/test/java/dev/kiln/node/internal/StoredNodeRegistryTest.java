package dev.kiln.node.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import dev.kiln.spec.DeviceClass;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class StoredNodeRegistryTest {

	private static final Instant NOW = Instant.parse("2026-11-25T10:00:00Z");

	private static NodeRow node(String id, boolean gpu, int workers) {
		return new NodeRow(id + "/1", id, "all", gpu, "[]", workers, workers, NOW);
	}

	@Test
	void aGpuJobOnACpuOnlyClusterWaitsForAGpu() {
		assertThat(StoredNodeRegistry.waitingFor(DeviceClass.GPU, List.of(node("cpu-1", false, 2))))
			.startsWith("no live node has a GPU");
	}

	@Test
	void aCpuJobOnAGpuOnlyClusterWaitsForACpuNode() {
		assertThat(StoredNodeRegistry.waitingFor(DeviceClass.CPU, List.of(node("gpu-1", true, 2))))
			.startsWith("no live node trains on the CPU");
	}

	@Test
	void aServableJobWaitsForAFreeWorker() {
		List<NodeRow> mixed = List.of(node("cpu-1", false, 1), node("gpu-1", true, 2), node("api", false, 0));
		assertThat(StoredNodeRegistry.waitingFor(DeviceClass.ANY, mixed))
			.isEqualTo("a free worker on one of the 2 live node(s) that can run it");
		assertThat(StoredNodeRegistry.waitingFor(DeviceClass.GPU, mixed))
			.isEqualTo("a free worker on one of the 1 live node(s) that can run it");
		assertThat(StoredNodeRegistry.waitingFor(DeviceClass.CPU, mixed))
			.isEqualTo("a free worker on one of the 1 live node(s) that can run it");
	}

	@Test
	void nodesThatTrainNothingServeNothing() {
		assertThat(StoredNodeRegistry.waitingFor(DeviceClass.ANY, List.of(node("api", true, 0))))
			.startsWith("no live node trains jobs");
		assertThat(StoredNodeRegistry.waitingFor(DeviceClass.GPU, List.of())).startsWith("no live node trains jobs");
	}

	@Test
	void aNodeIsAliveWhileItsHeartbeatIsWithinTheLease() {
		NodeRow row = node("cpu-1", false, 1);
		assertThat(row.aliveAt(NOW.plusSeconds(30), Duration.ofSeconds(30))).isTrue();
		assertThat(row.aliveAt(NOW.plusSeconds(31), Duration.ofSeconds(30))).isFalse();
		row.beat(0, NOW.plusSeconds(31));
		assertThat(row.aliveAt(NOW.plusSeconds(31), Duration.ofSeconds(30))).isTrue();
		assertThat(row.freeWorkers()).isZero();
	}

}
