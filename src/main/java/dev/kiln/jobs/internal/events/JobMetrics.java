package dev.kiln.jobs.internal.events;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;

import dev.kiln.engine.EpochResult;
import dev.kiln.jobs.JobStatus;
import dev.kiln.jobs.internal.lifecycle.Job;
import dev.kiln.jobs.internal.lifecycle.JobRepository;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import org.springframework.stereotype.Component;

/**
 * The jobs module's meters, across all tenants and with no job ids as tags (so their
 * number stays fixed):
 * <ul>
 * <li>{@code kiln.jobs{state}}: jobs in each state, counted in the database (every node
 * sees the same numbers); one query per scrape at most, cached for
 * {@link #COUNTS_MAX_AGE};</li>
 * <li>{@code kiln.jobs.queue.wait}: from submission to the first claim;</li>
 * <li>{@code kiln.training.epoch.duration}: one epoch, training and validation;</li>
 * <li>{@code kiln.training.throughput}: training samples per second of each epoch.</li>
 * </ul>
 */
@Component
public class JobMetrics {

	static final Duration COUNTS_MAX_AGE = Duration.ofSeconds(2);

	private final JobRepository jobs;

	private final Clock clock;

	private final Timer queueWait;

	private final Timer epochDuration;

	private final DistributionSummary throughput;

	private Map<JobStatus, Long> counts = Map.of();

	private Instant countedAt = Instant.MIN;

	JobMetrics(MeterRegistry registry, JobRepository jobs, Clock clock) {
		this.jobs = jobs;
		this.clock = clock;
		for (JobStatus status : JobStatus.values()) {
			Gauge.builder("kiln.jobs", this, (metrics) -> metrics.count(status))
				.description("Jobs in each state, all tenants")
				.tag("state", status.name())
				.register(registry);
		}
		this.queueWait = Timer.builder("kiln.jobs.queue.wait")
			.description("Time from a job's submission to its first claim by a worker")
			.register(registry);
		this.epochDuration = Timer.builder("kiln.training.epoch.duration")
			.description("Time one epoch took, training and validation")
			.register(registry);
		this.throughput = DistributionSummary.builder("kiln.training.throughput")
			.description("Training samples per second, one value per epoch")
			.baseUnit("samples.per.second")
			.register(registry);
	}

	/** A worker claimed the job: the first claim ends its wait in the queue. */
	public void claimed(Job job) {
		if (job.attempt() == 1 && job.startedAt() != null) {
			this.queueWait.record(Duration.between(job.createdAt(), job.startedAt()));
		}
	}

	public void epochEnded(EpochResult result) {
		this.epochDuration.record(Duration.ofNanos(Math.round(result.seconds() * 1e9)));
		if (Double.isFinite(result.samplesPerSecond())) {
			this.throughput.record(result.samplesPerSecond());
		}
	}

	private synchronized double count(JobStatus status) {
		Instant now = this.clock.instant();
		if (Duration.between(this.countedAt, now).compareTo(COUNTS_MAX_AGE) > 0) {
			Map<JobStatus, Long> fresh = new EnumMap<>(JobStatus.class);
			for (JobRepository.StatusCount row : this.jobs.countByStatus()) {
				fresh.put(row.getStatus(), row.getCount());
			}
			this.counts = fresh;
			this.countedAt = now;
		}
		return this.counts.getOrDefault(status, 0L);
	}

}
