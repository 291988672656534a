package dev.kiln.jobs.internal;

import dev.kiln.jobs.internal.lifecycle.JobJson;
import dev.kiln.jobs.internal.queue.WorkerPool;

import java.time.Clock;
import java.time.Instant;
import java.util.List;

import dev.kiln.engine.DeviceInventory;
import dev.kiln.jobs.JobsProperties;
import dev.kiln.node.NodeProperties;

import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Records this node process in the {@code node} table — its devices, workers and free
 * workers — and keeps its heartbeat fresh, so that every node (and the API) can tell
 * which nodes are alive and what they can serve.
 */
@Component
public class NodeRegistry {

	private final NodeRepository nodes;

	private final NodeIdentity identity;

	private final DeviceInventory inventory;

	private final WorkerPool pool;

	private final JobJson json;

	private final JobsProperties properties;

	private final Clock clock;

	private final String role;

	private final TransactionTemplate transactions;

	/** The free workers last written, to write only changes between heartbeats. */
	private volatile int recordedFree = -1;

	NodeRegistry(NodeRepository nodes, NodeIdentity identity, DeviceInventory inventory, WorkerPool pool, JobJson json,
			JobsProperties properties, Clock clock, PlatformTransactionManager transactionManager,
			NodeProperties node) {
		this.nodes = nodes;
		this.identity = identity;
		this.inventory = inventory;
		this.pool = pool;
		this.json = json;
		this.properties = properties;
		this.clock = clock;
		this.role = node.role().name().toLowerCase(java.util.Locale.ROOT);
		this.transactions = new TransactionTemplate(transactionManager);
	}

	/**
	 * At start-up: this process replaces the rows of the node's earlier processes.
	 */
	public void register() {
		this.transactions.executeWithoutResult((status) -> {
			this.nodes.deleteEarlierInstances(this.identity.nodeId(), this.identity.owner());
			this.nodes.save(newRow());
		});
		this.recordedFree = this.pool.freeCount();
	}

	/** On every heartbeat: alive, with this many free workers. */
	public void heartbeat() {
		int free = this.pool.freeCount();
		this.transactions.executeWithoutResult((status) -> {
			NodeRow row = this.nodes.findById(this.identity.owner()).orElseGet(this::newRow);
			row.beat(free, this.clock.instant());
			this.nodes.save(row);
		});
		this.recordedFree = free;
	}

	/** After a claim or a finished job: the free workers, if they changed. */
	public void workersChanged() {
		if (this.pool.freeCount() != this.recordedFree) {
			heartbeat();
		}
	}

	/** On shutdown: this process is gone (its jobs are back in the queue). */
	public void deregister() {
		this.transactions.executeWithoutResult((status) -> this.nodes.deleteById(this.identity.owner()));
	}

	List<NodeRow> all() {
		return this.transactions.execute((status) -> this.nodes.findAllByOrderByNodeIdAscStartedAtAsc());
	}

	/** The nodes whose heartbeat is recent: their leases hold. */
	public List<NodeRow> alive() {
		Instant now = this.clock.instant();
		return all().stream().filter((node) -> node.aliveAt(now, this.properties.leaseDuration())).toList();
	}

	private NodeRow newRow() {
		return new NodeRow(this.identity.owner(), this.identity.nodeId(), this.role, this.inventory.hasGpu(),
				this.json.write(this.inventory.devices()
					.stream()
					.map((device) -> NodeDevice.of(device, this.inventory.gpuCheck()))
					.toList()),
				this.pool.size(), this.pool.freeCount(), this.clock.instant());
	}

}
