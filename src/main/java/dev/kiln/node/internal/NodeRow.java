package dev.kiln.node.internal;

import java.time.Instant;

import dev.kiln.node.JobDevices;
import dev.kiln.spec.DeviceClass;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/**
 * A node process as it last reported itself: its devices, workers and heartbeat.
 */
@Entity
@Table(name = "node")
class NodeRow {

	/** {@code <node id>/<instance>}, the name its leases carry. */
	@Id
	private String instance;

	@Column(name = "node_id", nullable = false, updatable = false)
	private String nodeId;

	@Column(nullable = false)
	private String role;

	@Column(nullable = false)
	private boolean gpu;

	/** JSON list of the devices. */
	@Column(nullable = false)
	private String devices;

	@Column(nullable = false)
	private int workers;

	@Column(name = "free_workers", nullable = false)
	private int freeWorkers;

	@Column(name = "started_at", nullable = false, updatable = false)
	private Instant startedAt;

	@Column(name = "last_heartbeat", nullable = false)
	private Instant lastHeartbeat;

	protected NodeRow() {
	}

	NodeRow(String instance, String nodeId, String role, boolean gpu, String devices, int workers, int freeWorkers,
			Instant now) {
		this.instance = instance;
		this.nodeId = nodeId;
		this.role = role;
		this.gpu = gpu;
		this.devices = devices;
		this.workers = workers;
		this.freeWorkers = freeWorkers;
		this.startedAt = now;
		this.lastHeartbeat = now;
	}

	void beat(int freeWorkers, Instant now) {
		this.freeWorkers = freeWorkers;
		this.lastHeartbeat = now;
	}

	/** Whether its last heartbeat is recent enough for its leases to hold. */
	boolean aliveAt(Instant now, java.time.Duration leaseDuration) {
		return !this.lastHeartbeat.plus(leaseDuration).isBefore(now);
	}

	/** Whether it can serve a job asking for {@code device}. */
	boolean serves(DeviceClass device) {
		return this.workers > 0 && JobDevices.serves(this.gpu, device);
	}

	String instance() {
		return this.instance;
	}

	String nodeId() {
		return this.nodeId;
	}

	String role() {
		return this.role;
	}

	boolean gpu() {
		return this.gpu;
	}

	String devices() {
		return this.devices;
	}

	int workers() {
		return this.workers;
	}

	int freeWorkers() {
		return this.freeWorkers;
	}

	Instant startedAt() {
		return this.startedAt;
	}

	Instant lastHeartbeat() {
		return this.lastHeartbeat;
	}

}
