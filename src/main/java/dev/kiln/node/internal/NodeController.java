package dev.kiln.node.internal;

import java.util.List;

import dev.kiln.web.Caller;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;

import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

@Tag(name = "Nodes", description = "The Kiln processes sharing the database: their devices, workers and jobs")
@RestController
@RequestMapping(path = "/api/v1/nodes", produces = MediaType.APPLICATION_JSON_VALUE)
class NodeController {

	private final NodeDirectory directory;

	NodeController(NodeDirectory directory) {
		this.directory = directory;
	}

	@Operation(operationId = "listNodes", summary = "List the nodes (admin keys only)",
			description = "Every node process that has reported itself: its devices, workers and free workers, its "
					+ "last heartbeat, whether it is alive (a heartbeat within the lease duration) and the jobs it "
					+ "runs. A node that stopped cleanly removes itself; one that died stays listed as not alive "
					+ "until it starts again.")
	@ApiResponse(responseCode = "200", description = "The nodes",
			content = @Content(schema = @Schema(implementation = NodeListResponse.class)))
	@ApiResponse(responseCode = "403", description = "The key is not an admin key")
	@GetMapping
	NodeListResponse list(Caller caller) {
		caller.requireAdmin();
		return new NodeListResponse(this.directory.list());
	}

	@Schema(description = "Every node in the registry, by node id")
	record NodeListResponse(List<NodeResponse> items) {
	}

}
