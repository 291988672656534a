package dev.kiln.jobs.internal.api;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

import dev.kiln.checkpoints.CheckpointInfo;
import dev.kiln.checkpoints.CheckpointMetric;
import dev.kiln.checkpoints.CheckpointService;
import dev.kiln.datasets.DatasetCatalog;
import dev.kiln.datasets.DatasetInfo;
import dev.kiln.engine.StopReason;
import dev.kiln.jobs.JobStatus;
import dev.kiln.jobs.TrainedModel;
import dev.kiln.jobs.TrainedModels;
import dev.kiln.jobs.internal.api.JobResponses.CheckpointsResponse;
import dev.kiln.jobs.internal.api.JobResponses.DryRunResponse;
import dev.kiln.jobs.internal.api.JobResponses.JobResponse;
import dev.kiln.jobs.internal.api.JobResponses.JobSummary;
import dev.kiln.jobs.internal.api.JobResponses.MetricsResponse;
import dev.kiln.jobs.internal.api.JobResponses.TransitionResponse;
import dev.kiln.jobs.internal.events.JobEventBus;
import dev.kiln.jobs.internal.lifecycle.EvaluationResponse;
import dev.kiln.jobs.internal.lifecycle.Job;
import dev.kiln.jobs.internal.lifecycle.JobJson;
import dev.kiln.jobs.internal.lifecycle.JobRepository;
import dev.kiln.jobs.internal.lifecycle.JobUpdates;
import dev.kiln.jobs.internal.plan.JobPlanner;
import dev.kiln.jobs.internal.queue.QueueReasons;
import dev.kiln.jobs.internal.run.StopConditions;
import dev.kiln.jobs.internal.run.StopSignals;
import dev.kiln.metrics.MetricsService;
import dev.kiln.spec.CompiledSpec;
import dev.kiln.spec.DeviceClass;
import dev.kiln.spec.JobSpec;
import dev.kiln.web.NotFoundException;
import dev.kiln.web.PageResponse;

import org.springframework.data.domain.Page;
import org.springframework.data.domain.PageRequest;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The jobs API's use cases: submit (or dry-run), read, list, cancel.
 */
@Service
public class JobService implements TrainedModels {

	private final JobRepository jobs;

	private final DatasetCatalog datasets;

	private final JobPlanner planner;

	private final JobJson json;

	private final JobUpdates updates;

	private final StopSignals stopSignals;

	private final MetricsService metrics;

	private final CheckpointService checkpoints;

	private final TransactionTemplate reads;

	private final QueueReasons queueReasons;

	private final JobEventBus events;

	JobService(JobRepository jobs, DatasetCatalog datasets, JobPlanner planner, JobJson json, JobUpdates updates,
			StopSignals stopSignals, MetricsService metrics, CheckpointService checkpoints,
			PlatformTransactionManager transactionManager, QueueReasons queueReasons, JobEventBus events) {
		this.queueReasons = queueReasons;
		this.events = events;
		this.jobs = jobs;
		this.datasets = datasets;
		this.planner = planner;
		this.json = json;
		this.updates = updates;
		this.stopSignals = stopSignals;
		this.metrics = metrics;
		this.checkpoints = checkpoints;
		this.reads = new TransactionTemplate(transactionManager);
		this.reads.setReadOnly(true);
	}

	DryRunResponse dryRun(UUID tenantId, JobSpec spec) {
		JobPlanner.Plan plan = this.planner.planSubmission(tenantId, spec);
		return new DryRunResponse(true, plan.dataset().id(), plan.compiled().layers(), plan.compiled().parameters(),
				plan.compiled().estimatedMemoryBytes(), plan.compiled().settings());
	}

	/**
	 * Validates and compiles the spec, then writes the job as QUEUED in one transaction,
	 * holding its dataset meanwhile so that a deletion either waits for the job and
	 * refuses, or is waited for and the job is refused (409 {@code dataset-deleted}).
	 */
	@Transactional
	JobResponse submit(UUID tenantId, JobSpec spec) {
		JobPlanner.Plan plan = this.planner.planSubmission(tenantId, spec);
		this.datasets.holdForNewWork(plan.dataset().id());
		CompiledSpec.Settings settings = plan.compiled().settings();
		java.time.Instant now = this.updates.clock().instant();
		Job job = new Job(UUID.randomUUID(), tenantId, plan.spec().name(), plan.dataset().id(),
				this.json.write(plan.spec()), settings.epochs(),
				CheckpointMetric.fromSpecName(settings.checkpointMetric()), DeviceClass.fromSpecName(settings.device()),
				now);
		java.time.Duration maxQueueWait = settings.stopping().maxQueueWait();
		job.plan(plan.compiled().estimatedMemoryBytes(), StopConditions.queueDeadline(now, maxQueueWait));
		return toResponse(this.jobs.save(job), plan.spec());
	}

	/**
	 * Reads in a transaction of its own, so that {@link #cancel} can answer with the job
	 * as it now stands.
	 */
	public JobResponse get(UUID tenantId, UUID id) {
		return this.reads.execute((status) -> {
			Job job = job(tenantId, id);
			return toResponse(job, this.json.spec(job));
		});
	}

	@Transactional(readOnly = true)
	PageResponse<JobSummary> list(UUID tenantId, JobStatus status, PageRequest request) {
		Page<Job> result = (status != null) ? this.jobs.findByTenantIdAndStatus(tenantId, status, request)
				: this.jobs.findByTenantId(tenantId, request);
		return PageResponse.of(result, JobSummary::of);
	}

	/**
	 * Cancels a queued job at once; asks a running one to stop at its next iteration
	 * boundary.
	 */
	JobResponse cancel(UUID tenantId, UUID id) {
		job(tenantId, id);
		Job job = this.updates.update(id, (j) -> j.cancel(this.updates.clock().instant()));
		if (job.status() == JobStatus.CANCELLING) {
			this.stopSignals.raise(id, StopReason.CANCELLED);
		}
		return get(tenantId, id);
	}

	/** The tenant's job's status, or 404. */
	JobStatus status(UUID tenantId, UUID id) {
		return job(tenantId, id).status();
	}

	MetricsResponse metrics(UUID tenantId, UUID id) {
		job(tenantId, id);
		return new MetricsResponse(id, this.metrics.forJob(id));
	}

	@Transactional(readOnly = true)
	CheckpointsResponse checkpoints(UUID tenantId, UUID id) {
		Job job = job(tenantId, id);
		List<CheckpointInfo> all = this.checkpoints.forJob(id);
		UUID best = bestCheckpoint(job).map(CheckpointInfo::id).orElse(null);
		return new CheckpointsResponse(id, best, all);
	}

	@Transactional(readOnly = true)
	EvaluationResponse evaluation(UUID tenantId, UUID id) {
		EvaluationResponse evaluation = this.json.evaluation(job(tenantId, id));
		if (evaluation == null) {
			throw new NotFoundException("Test evaluation of job", id);
		}
		return evaluation;
	}

	@Override
	@Transactional(readOnly = true)
	public Optional<TrainedModel> find(UUID tenantId, UUID jobId) {
		return this.jobs.findByIdAndTenantId(jobId, tenantId).map((job) -> {
			DatasetInfo dataset = this.datasets.findById(job.datasetId())
				.orElseThrow(() -> new IllegalStateException("the dataset of job " + jobId + " is gone"));
			return new TrainedModel(job.id(), job.status(), dataset.featureShape(), dataset.featureNames(),
					dataset.oneHotColumns(), dataset.classNames(), this.json.scaling(job), job.checkpointMetric());
		});
	}

	/**
	 * The tenant's job. Another tenant's answers as if it did not exist, so that ids say
	 * nothing about others' work.
	 */
	private Job job(UUID tenantId, UUID id) {
		return this.jobs.findByIdAndTenantId(id, tenantId).orElseThrow(() -> new NotFoundException("Job", id));
	}

	private Optional<CheckpointInfo> bestCheckpoint(Job job) {
		return this.checkpoints.best(job.id(), job.checkpointMetric());
	}

	/**
	 * While the job runs: the latest report on the node that trains it, or, on other
	 * nodes, the one its last lease renewal recorded.
	 */
	private dev.kiln.engine.TrainingProgress liveProgress(Job job) {
		if (!job.status().holdsLease()) {
			return null;
		}
		return this.events.latestProgress(job.id())
			.orElseGet(() -> (job.progressJson() != null) ? this.json.progress(job.progressJson()) : null);
	}

	private JobResponse toResponse(Job job, JobSpec spec) {
		return new JobResponse(job.id(), job.name(), job.status(), job.datasetId(), job.currentEpoch(),
				job.totalEpochs(), liveProgress(job), job.iterations(), job.attempt(), job.error(),
				this.queueReasons.waitingFor(job), job.createdAt(), job.startedAt(), job.finishedAt(), job.updatedAt(),
				bestCheckpoint(job).orElse(null), this.json.evaluation(job),
				job.transitions().stream().map(TransitionResponse::of).toList(),
				job.attempts().stream().map(JobResponses.AttemptResponse::of).toList(), spec);
	}

}
