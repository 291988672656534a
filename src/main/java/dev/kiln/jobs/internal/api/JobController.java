package dev.kiln.jobs.internal.api;

import java.net.URI;
import java.util.UUID;

import dev.kiln.jobs.JobStatus;
import dev.kiln.jobs.internal.api.JobResponses.CheckpointsResponse;
import dev.kiln.jobs.internal.api.JobResponses.DryRunResponse;
import dev.kiln.jobs.internal.api.JobResponses.JobResponse;
import dev.kiln.jobs.internal.api.JobResponses.JobSummary;
import dev.kiln.jobs.internal.api.JobResponses.MetricsResponse;
import dev.kiln.jobs.internal.lifecycle.EvaluationResponse;
import dev.kiln.jobs.internal.queue.JobDispatcher;
import dev.kiln.spec.JobSpec;
import dev.kiln.web.Caller;
import dev.kiln.web.PageResponse;
import dev.kiln.web.Paging;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.headers.Header;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;

import org.springframework.data.domain.Sort;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@Tag(name = "Jobs", description = "Training jobs: submit, follow, cancel; their metrics, checkpoints and evaluation")
@RestController
@RequestMapping(path = "/api/v1/jobs", produces = MediaType.APPLICATION_JSON_VALUE)
class JobController {

	static final String IRIS_EXAMPLE = """
			{
			  "name": "iris-mlp",
			  "dataset": "iris",
			  "split": {"validation": 0.2, "test": 0.2, "seed": 7},
			  "normalization": "standardize",
			  "model": {
			    "input": [4],
			    "layers": [
			      {"type": "dense", "units": 16, "activation": "relu"},
			      {"type": "output", "units": 3, "activation": "softmax", "loss": "cross-entropy"}
			    ]
			  },
			  "training": {"epochs": 40, "batchSize": 16, "seed": 42,
			               "optimizer": {"type": "adam", "learningRate": 0.01}}
			}""";

	private static final int MAX_PAGE_SIZE = 200;

	private final JobService jobs;

	private final JobDispatcher dispatcher;

	JobController(JobService jobs, JobDispatcher dispatcher) {
		this.jobs = jobs;
		this.dispatcher = dispatcher;
	}

	@Operation(operationId = "submitJob", summary = "Submit a training job, or dry-run it",
			description = "The spec is validated and compiled before anything is queued. With dryRun=true the answer "
					+ "is the layer table, the parameter count and a memory estimate, and nothing is stored.")
	@io.swagger.v3.oas.annotations.parameters.RequestBody(
			content = @Content(schema = @Schema(implementation = JobSpec.class),
					examples = @ExampleObject(name = "iris-mlp", value = IRIS_EXAMPLE)))
	@ApiResponse(responseCode = "202", description = "Queued; Location names the job",
			headers = @Header(name = "Location", description = "The new job's path", schema = @Schema(type = "string")),
			content = @Content(schema = @Schema(implementation = JobResponse.class)))
	@ApiResponse(responseCode = "200", description = "Dry run: what would be trained",
			content = @Content(schema = @Schema(implementation = DryRunResponse.class)))
	@ApiResponse(responseCode = "400", description = "Invalid spec; errors[] names each bad field by its JSON path")
	@ApiResponse(responseCode = "409",
			description = "dataset-deleted: the spec names a dataset that was deleted, or is deleted while the job is "
					+ "submitted")
	@PostMapping
	ResponseEntity<?> submit(Caller caller, @RequestBody JobSpec spec,
			@Parameter(description = "Validate and describe the job without queueing it") @RequestParam(
					defaultValue = "false") boolean dryRun) {
		if (dryRun) {
			return ResponseEntity.ok(this.jobs.dryRun(caller.tenantId(), spec));
		}
		JobResponse job = this.jobs.submit(caller.tenantId(), spec);
		this.dispatcher.wake();
		return ResponseEntity.accepted().location(URI.create("/api/v1/jobs/" + job.id())).body(job);
	}

	@Operation(operationId = "listJobs", summary = "List jobs, newest first")
	@ApiResponse(responseCode = "200", description = "One page of jobs")
	@ApiResponse(responseCode = "400", description = "A bad status, page or size")
	@GetMapping
	PageResponse<JobSummary> list(Caller caller,
			@Parameter(description = "Only jobs in this state") @RequestParam(required = false) JobStatus status,
			@RequestParam(defaultValue = "0") int page, @RequestParam(defaultValue = "20") int size) {
		return this.jobs.list(caller.tenantId(), status,
				Paging.request(page, size, MAX_PAGE_SIZE, Sort.by(Sort.Direction.DESC, "createdAt")));
	}

	@Operation(operationId = "getJob",
			summary = "Get a job: status, progress, timestamps, error, transitions, evaluation and its spec")
	@ApiResponse(responseCode = "200", description = "The job")
	@ApiResponse(responseCode = "404", description = "No such job")
	@GetMapping("/{id}")
	JobResponse get(Caller caller, @PathVariable UUID id) {
		return this.jobs.get(caller.tenantId(), id);
	}

	@Operation(operationId = "cancelJob", summary = "Cancel a job",
			description = "A queued job is cancelled at once; a running one becomes CANCELLING and stops at its next "
					+ "iteration, keeping the checkpoints written so far.")
	@ApiResponse(responseCode = "202", description = "Cancelled or cancelling")
	@ApiResponse(responseCode = "409", description = "The job has already ended")
	@ApiResponse(responseCode = "404", description = "No such job")
	@PostMapping("/{id}/cancel")
	ResponseEntity<JobResponse> cancel(Caller caller, @PathVariable UUID id) {
		return ResponseEntity.accepted().body(this.jobs.cancel(caller.tenantId(), id));
	}

	@Operation(operationId = "getJobMetrics",
			summary = "Per-epoch metrics: losses, validation accuracy, learning rate, duration, samples/s")
	@ApiResponse(responseCode = "200", description = "Found")
	@ApiResponse(responseCode = "404", description = "No such job")
	@GetMapping("/{id}/metrics")
	MetricsResponse metrics(Caller caller, @PathVariable UUID id) {
		return this.jobs.metrics(caller.tenantId(), id);
	}

	@Operation(operationId = "getJobCheckpoints", summary = "The job's checkpoints, with the best one named")
	@ApiResponse(responseCode = "200", description = "Found")
	@ApiResponse(responseCode = "404", description = "No such job")
	@GetMapping("/{id}/checkpoints")
	CheckpointsResponse checkpoints(Caller caller, @PathVariable UUID id) {
		return this.jobs.checkpoints(caller.tenantId(), id);
	}

	@Operation(operationId = "getJobEvaluation", summary = "The best checkpoint's evaluation on the test split",
			description = "Accuracy, per-class precision/recall/F1 and the confusion matrix; 404 until the job has "
					+ "succeeded.")
	@ApiResponse(responseCode = "200", description = "Found")
	@ApiResponse(responseCode = "404", description = "No such job")
	@GetMapping("/{id}/evaluation")
	EvaluationResponse evaluation(Caller caller, @PathVariable UUID id) {
		return this.jobs.evaluation(caller.tenantId(), id);
	}

}
