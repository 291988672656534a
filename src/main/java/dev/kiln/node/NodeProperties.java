package dev.kiln.node;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * This node's identity and role among the nodes that share one database and one storage
 * folder.
 *
 * @param id the node's name in job leases; the host name when not set. A restarted node
 * recognises the jobs of its earlier process by it, so it must be stable and unique per
 * node
 * @param role {@code api}, {@code worker} or {@code all} (the default)
 */
@ConfigurationProperties("kiln.node")
public record NodeProperties(String id, @DefaultValue("all") NodeRole role) {

	public NodeProperties {
		if (role == null) {
			role = NodeRole.ALL;
		}
	}

}
