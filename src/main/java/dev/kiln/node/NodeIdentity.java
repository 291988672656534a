package dev.kiln.node;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.UUID;

import org.springframework.stereotype.Component;

/**
 * Who holds a lease: {@code <node id>/<instance>}. The node id names the machine
 * (kiln.node.id, the host name by default) and survives restarts; the instance is new in
 * every process, so a restarted node can tell its previous incarnation's jobs, which
 * nobody runs any more, from its own.
 */
@Component
public final class NodeIdentity {

	private final String nodeId;

	private final String owner;

	public NodeIdentity(NodeProperties properties) {
		String configured = properties.id();
		this.nodeId = (configured == null || configured.isBlank()) ? hostName() : configured.strip();
		this.owner = this.nodeId + "/" + UUID.randomUUID().toString().substring(0, 8);
	}

	/** This node's id: {@code kiln.node.id}, or the host name. */
	public String nodeId() {
		return this.nodeId;
	}

	/** The lease owner name of this process. */
	public String owner() {
		return this.owner;
	}

	/** Whether a lease owner is an earlier process of this same node. */
	public boolean isEarlierInstance(String leaseOwner) {
		return leaseOwner != null && leaseOwner.startsWith(this.nodeId + "/") && !leaseOwner.equals(this.owner);
	}

	private static String hostName() {
		try {
			return InetAddress.getLocalHost().getHostName();
		}
		catch (UnknownHostException ex) {
			return "localhost";
		}
	}

}
