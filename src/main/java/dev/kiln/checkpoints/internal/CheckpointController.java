package dev.kiln.checkpoints.internal;

import java.nio.file.Path;
import java.util.Base64;
import java.util.HexFormat;
import java.util.UUID;

import dev.kiln.checkpoints.CheckpointInfo;
import dev.kiln.checkpoints.CheckpointService;
import dev.kiln.checkpoints.JobOwnership;
import dev.kiln.web.Caller;
import dev.kiln.web.NotFoundException;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.headers.Header;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;

import org.springframework.core.io.FileSystemResource;
import org.springframework.core.io.Resource;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

@Tag(name = "Checkpoints", description = "Saved network states of training jobs")
@RestController
@RequestMapping("/api/v1/checkpoints")
class CheckpointController {

	private final CheckpointService checkpoints;

	private final JobOwnership ownership;

	CheckpointController(CheckpointService checkpoints, JobOwnership ownership) {
		this.checkpoints = checkpoints;
		this.ownership = ownership;
	}

	@Operation(operationId = "getCheckpoint", summary = "Describe a checkpoint")
	@ApiResponse(responseCode = "200", description = "The checkpoint")
	@ApiResponse(responseCode = "404", description = "No such checkpoint")
	@GetMapping(path = "/{id}", produces = MediaType.APPLICATION_JSON_VALUE)
	CheckpointInfo get(Caller caller, @PathVariable UUID id) {
		return find(caller, id);
	}

	@Operation(operationId = "downloadCheckpoint", summary = "Download a checkpoint",
			description = "The DL4J model zip (weights and updater state). The Repr-Digest header carries the "
					+ "sha256 recorded when the checkpoint was written, so the download can be verified.")
	@ApiResponse(responseCode = "200", description = "The model zip",
			content = @Content(mediaType = "application/zip", schema = @Schema(type = "string", format = "binary")),
			headers = {
					@Header(name = "Repr-Digest", description = "sha-256=:<base64 of the sha256>:",
							schema = @Schema(type = "string")),
					@Header(name = "ETag", description = "The quoted hex sha256", schema = @Schema(type = "string")),
					@Header(name = "Content-Disposition", description = "attachment; filename=kiln-<job>-epoch-<n>.zip",
							schema = @Schema(type = "string")) })
	@ApiResponse(responseCode = "404", description = "No such checkpoint")
	@GetMapping("/{id}/download")
	ResponseEntity<Resource> download(Caller caller, @PathVariable UUID id) {
		CheckpointInfo checkpoint = find(caller, id);
		Path file = this.checkpoints.file(checkpoint);
		if (!file.toFile().isFile()) {
			throw new NotFoundException("Checkpoint file", id);
		}
		String digest = Base64.getEncoder().encodeToString(HexFormat.of().parseHex(checkpoint.sha256()));
		return ResponseEntity.ok()
			.contentType(MediaType.parseMediaType("application/zip"))
			.contentLength(checkpoint.sizeBytes())
			.eTag("\"" + checkpoint.sha256() + "\"")
			.header("Repr-Digest", "sha-256=:" + digest + ":")
			.header(HttpHeaders.CONTENT_DISPOSITION,
					ContentDisposition.attachment()
						.filename("kiln-" + checkpoint.jobId() + "-epoch-" + checkpoint.epoch() + ".zip")
						.build()
						.toString())
			.body(new FileSystemResource(file));
	}

	/** A checkpoint of one of the caller's tenant's jobs; any other is not found. */
	private CheckpointInfo find(Caller caller, UUID id) {
		return this.checkpoints.find(id)
			.filter((checkpoint) -> this.ownership.isOwnedBy(checkpoint.jobId(), caller.tenantId()))
			.orElseThrow(() -> new NotFoundException("Checkpoint", id));
	}

}
