package dev.kiln.node.internal;

import java.util.List;

import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Modifying;
import org.springframework.data.jpa.repository.Query;

interface NodeRepository extends JpaRepository<NodeRow, String> {

	List<NodeRow> findAllByOrderByNodeIdAscStartedAtAsc();

	/** Forgets the earlier processes of a node, which a restart replaced. */
	@Modifying
	@Query("delete from NodeRow n where n.nodeId = :nodeId and n.instance <> :instance")
	int deleteEarlierInstances(String nodeId, String instance);

}
