package dev.kiln.node.internal;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

import dev.kiln.engine.DeviceInventory;
import dev.kiln.node.NodeIdentity;
import dev.kiln.node.NodeProperties;
import dev.kiln.node.NodeRegistry;
import dev.kiln.node.NodeWorkers;
import dev.kiln.spec.DeviceClass;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Records this node process in the {@code node} table — its devices, workers and free
 * workers — and keeps its heartbeat fresh, so that every node (and the API) can tell
 * which nodes are alive and what they can serve.
 */
@Component
class StoredNodeRegistry implements NodeRegistry {

	private final NodeRepository nodes;

	private final NodeIdentity identity;

	private final DeviceInventory inventory;

	private final NodeWorkers workers;

	private final JsonMapper json;

	private final Clock clock;

	private final String role;

	private final TransactionTemplate transactions;

	/** The free workers last written, to write only changes between heartbeats. */
	private volatile int recordedFree = -1;

	StoredNodeRegistry(NodeRepository nodes, NodeIdentity identity, DeviceInventory inventory, NodeWorkers workers,
			JsonMapper json, Clock clock, PlatformTransactionManager transactionManager, NodeProperties node) {
		this.nodes = nodes;
		this.identity = identity;
		this.inventory = inventory;
		this.workers = workers;
		this.json = json;
		this.clock = clock;
		this.role = node.role().name().toLowerCase(Locale.ROOT);
		this.transactions = new TransactionTemplate(transactionManager);
	}

	@Override
	public void register() {
		this.transactions.executeWithoutResult((status) -> {
			this.nodes.deleteEarlierInstances(this.identity.nodeId(), this.identity.owner());
			this.nodes.save(newRow());
		});
		this.recordedFree = this.workers.freeCount();
	}

	@Override
	public void heartbeat() {
		int free = this.workers.freeCount();
		this.transactions.executeWithoutResult((status) -> {
			NodeRow row = this.nodes.findById(this.identity.owner()).orElseGet(this::newRow);
			row.beat(free, this.clock.instant());
			this.nodes.save(row);
		});
		this.recordedFree = free;
	}

	@Override
	public void workersChanged() {
		if (this.workers.freeCount() != this.recordedFree) {
			heartbeat();
		}
	}

	@Override
	public void deregister() {
		this.transactions.executeWithoutResult((status) -> this.nodes.deleteById(this.identity.owner()));
	}

	@Override
	public String waitingFor(DeviceClass device) {
		return waitingFor(device, alive());
	}

	static String waitingFor(DeviceClass device, List<NodeRow> aliveNodes) {
		List<NodeRow> training = aliveNodes.stream().filter((node) -> node.workers() > 0).toList();
		if (training.isEmpty()) {
			return "no live node trains jobs (none is running, or every live node has kiln.jobs.workers = 0)";
		}
		List<NodeRow> suitable = training.stream().filter((node) -> node.serves(device)).toList();
		if (suitable.isEmpty()) {
			return switch (device) {
				case GPU -> "no live node has a GPU; it starts when one that has joins";
				case CPU ->
					"no live node trains on the CPU (GPU nodes take gpu and any jobs only); it starts when one joins";
				case ANY -> "no live node can serve device '" + device.specName() + "'";
			};
		}
		return "a free worker on one of the " + suitable.size() + " live node(s) that can run it";
	}

	List<NodeRow> all() {
		return this.transactions.execute((status) -> this.nodes.findAllByOrderByNodeIdAscStartedAtAsc());
	}

	/** The nodes whose heartbeat is recent: their leases hold. */
	List<NodeRow> alive() {
		Instant now = this.clock.instant();
		return all().stream().filter((node) -> isAlive(node, now)).toList();
	}

	/** Whether a node's last heartbeat is within the lease duration at {@code now}. */
	boolean isAlive(NodeRow node, Instant now) {
		return node.aliveAt(now, this.workers.leaseDuration());
	}

	private NodeRow newRow() {
		return new NodeRow(this.identity.owner(), this.identity.nodeId(), this.role, this.inventory.hasGpu(),
				this.json.writeValueAsString(this.inventory.devices()
					.stream()
					.map((device) -> NodeDevice.of(device, this.inventory.gpuCheck()))
					.toList()),
				this.workers.size(), this.workers.freeCount(), this.clock.instant());
	}

}
