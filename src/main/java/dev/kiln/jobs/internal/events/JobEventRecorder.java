package dev.kiln.jobs.internal.events;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

import dev.kiln.jobs.internal.lifecycle.JobStateChanged;
import dev.kiln.metrics.EpochMetrics;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Stores a job's stream events in the transaction that records what they describe (the
 * job's transition, the epoch's metrics row), and tells the {@link JobEventBus} once that
 * transaction committed, so live streams never announce what could still roll back.
 * <p>
 * Ids are strictly increasing per job in commit order: each such transaction reads the
 * job, inserts the event, and updates the job's versioned row, so a second transaction
 * for the same job commits only if it read the job after the first committed, and then
 * draws its ids after the first's.
 */
@Component
public class JobEventRecorder {

	private final JobEventRepository events;

	private final JobEventBus bus;

	private final JsonMapper json;

	JobEventRecorder(JobEventRepository events, JobEventBus bus, JsonMapper json) {
		this.events = events;
		this.bus = bus;
		this.json = json;
	}

	/** The JSON of a {@code state} event. */
	record StateEvent(String status, String from, String reason, Instant at) {
	}

	@EventListener
	void on(JobStateChanged change) {
		StateEvent event = new StateEvent(change.status().name(), (change.from() != null) ? change.from().name() : null,
				change.reason(), stored(change.at()));
		store(new JobEventRow(change.jobId(), JobEventRow.STATE, change.status(), this.json.writeValueAsString(event),
				change.at()));
	}

	/**
	 * Stores the {@code epoch} event of a metrics row just appended in the current
	 * transaction.
	 */
	public void epochRecorded(UUID jobId, EpochMetrics metrics) {
		EpochMetrics asStored = new EpochMetrics(metrics.epoch(), metrics.attempt(), metrics.trainLoss(),
				metrics.validationLoss(), metrics.validationAccuracy(), metrics.learningRate(), metrics.seconds(),
				metrics.samplesPerSecond(), stored(metrics.recordedAt()));
		store(new JobEventRow(jobId, JobEventRow.EPOCH, null, this.json.writeValueAsString(asStored),
				asStored.recordedAt()));
	}

	/**
	 * The time as the database keeps it (rounded to microseconds), so an event shows the
	 * same time as the row it describes.
	 */
	private static Instant stored(Instant at) {
		// H2 and PostgreSQL round to the nearest microsecond
		return at.plusNanos(500).truncatedTo(ChronoUnit.MICROS);
	}

	private void store(JobEventRow row) {
		this.events.save(row);
		UUID jobId = row.jobId();
		if (TransactionSynchronizationManager.isSynchronizationActive()) {
			TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
				@Override
				public void afterCommit() {
					JobEventRecorder.this.bus.storedEventsCommitted(jobId);
				}
			});
		}
		else {
			this.bus.storedEventsCommitted(jobId);
		}
	}

}
