package dev.kiln.node;

import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The jobs the nodes are running, for the node list: the jobs module implements it.
 */
public interface RunningJobs {

	/**
	 * The ids of the jobs that hold a lease (running, or being cancelled), by lease owner
	 * ({@code <node id>/<instance>}, {@link NodeIdentity#owner()}); owners without such a
	 * job are left out.
	 */
	Map<String, List<UUID>> byLeaseOwner();

}
