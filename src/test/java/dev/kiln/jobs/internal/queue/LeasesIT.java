package dev.kiln.jobs.internal.queue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import dev.kiln.KilnApplication;
import dev.kiln.datasets.DatasetCatalog;
import dev.kiln.engine.TrainingProgress;
import dev.kiln.jobs.JobStatus;
import dev.kiln.jobs.StaleAttemptException;
import dev.kiln.jobs.internal.api.JobResponses;
import dev.kiln.jobs.internal.api.JobService;
import dev.kiln.jobs.internal.lifecycle.Job;
import dev.kiln.jobs.internal.lifecycle.JobRepository;
import dev.kiln.jobs.internal.lifecycle.JobUpdates;
import dev.kiln.metrics.MetricsService;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Leases and fencing against the real database: the state a crash leaves behind is
 * planted row by row, as a dead node would have left it, and Kiln must recover it; a
 * stale run's writes must be refused.
 */
@SpringBootTest(classes = KilnApplication.class, webEnvironment = SpringBootTest.WebEnvironment.NONE,
		properties = { "kiln.jobs.heartbeat-interval=200ms", "kiln.jobs.max-attempts=3" })
class LeasesIT {

	static final Path DATA_DIR = Path.of("target", "it-data", "leases-" + UUID.randomUUID()).toAbsolutePath();

	@DynamicPropertySource
	static void dataFolder(DynamicPropertyRegistry registry) {
		registry.add("kiln.data-dir", DATA_DIR::toString);
	}

	@Autowired
	JdbcTemplate jdbc;

	@Autowired
	JobRepository jobs;

	@Autowired
	JobUpdates updates;

	@Autowired
	MetricsService metrics;

	@Autowired
	DatasetCatalog datasets;

	@Autowired
	JobService service;

	@Autowired
	tools.jackson.databind.json.JsonMapper json;

	/** The tenant made by the schema. */
	private static final UUID TENANT = UUID.fromString("00000000-0000-0000-0000-000000000001");

	/**
	 * A job row as a node that died mid-run leaves it: RUNNING, its attempt open, its
	 * lease {@code expires}.
	 */
	private UUID plantRunningJob(String owner, int attempt, Instant expires) throws Exception {
		UUID id = UUID.randomUUID();
		UUID iris = this.datasets.find(TENANT, "iris").orElseThrow().id();
		String spec = Files.readString(Path.of("examples", "iris-mlp.json")).replace("\"epochs\": 60", "\"epochs\": 3");
		Timestamp now = Timestamp.from(Instant.now().minusSeconds(120));
		this.jdbc
			.update("insert into job (id, tenant_id, name, dataset_id, status, spec_json, total_epochs, checkpoint_metric,"
					+ " current_epoch, iterations, attempt, created_at, started_at, updated_at, version, lease_owner,"
					+ " lease_expires_at) values (?, ?, 'planted', ?, 'RUNNING', ?, 3, 'validationLoss', 0, 0, ?, ?, ?, ?, 0,"
					+ " ?, ?)", id, TENANT, iris, spec, attempt, now, now, now, owner, Timestamp.from(expires));
		this.jdbc.update("insert into job_transition (job_id, from_status, to_status, reason, at)"
				+ " values (?, 'QUEUED', 'RUNNING', 'planted', ?)", id, now);
		this.jdbc.update("insert into job_attempt (job_id, attempt, owner, started_at) values (?, ?, ?, ?)", id,
				attempt, owner, now);
		return id;
	}

	private JobResponses.JobResponse awaitEnded(UUID id) throws InterruptedException {
		Instant deadline = Instant.now().plusSeconds(120);
		while (Instant.now().isBefore(deadline)) {
			JobResponses.JobResponse job = this.service.get(TENANT, id);
			if (job.status().isTerminal()) {
				return job;
			}
			Thread.sleep(100);
		}
		throw new AssertionError("job " + id + " did not end");
	}

	@Test
	void aRunningJobWhoseLeaseExpiredIsPutBackInTheQueueAndTrainedByAnotherAttempt() throws Exception {
		UUID id = plantRunningJob("dead-node/0001", 1, Instant.now().minusSeconds(5));

		JobResponses.JobResponse job = awaitEnded(id);

		assertThat(job.status()).isEqualTo(JobStatus.SUCCEEDED);
		assertThat(job.attempt()).isEqualTo(2);
		List<JobResponses.AttemptResponse> attempts = job.attempts();
		assertThat(attempts).extracting(JobResponses.AttemptResponse::outcome)
			.containsExactly("interrupted", "succeeded");
		assertThat(attempts.get(0).reason()).contains("lease of dead-node/0001", "expired");
		assertThat(attempts.get(0).counted()).isTrue();
		assertThat(attempts.get(0).countReason()).isEqualTo("interrupted before any new checkpoint: counts (1 of 3)");
		assertThat(job.transitions()).extracting(JobResponses.TransitionResponse::to)
			.containsExactly(JobStatus.RUNNING, JobStatus.QUEUED, JobStatus.RUNNING, JobStatus.SUCCEEDED);
		assertThat(this.metrics.forJob(id)).extracting((m) -> m.epoch()).containsExactly(1, 2, 3);
		assertThat(this.metrics.forJob(id)).allSatisfy((m) -> assertThat(m.attempt()).isEqualTo(2));
	}

	/**
	 * An attempt before the running one, ended as Kiln ends them; planted while the
	 * running one's lease is still live.
	 */
	private void plantEndedAttempt(UUID id, int attempt, String outcome, boolean counted) {
		Timestamp at = Timestamp.from(Instant.now().minusSeconds(200 - attempt));
		this.jdbc.update(
				"insert into job_attempt (job_id, attempt, owner, started_at, ended_at, outcome, reason,"
						+ " counted, count_reason) values (?, ?, 'dead-node/0000', ?, ?, ?, 'planted', ?, 'planted')",
				id, attempt, at, at, outcome, counted);
	}

	private void expireLease(UUID id) {
		this.jdbc.update("update job set lease_expires_at = ? where id = ?",
				Timestamp.from(Instant.now().minusSeconds(5)), id);
	}

	@Test
	void aJobThatUsedUpItsAttemptsFailsInsteadOfRunningAgain() throws Exception {
		UUID id = plantRunningJob("dead-node/0002", 4, Instant.now().plusSeconds(600));
		plantEndedAttempt(id, 1, "interrupted", true);
		plantEndedAttempt(id, 2, "interrupted", false);
		plantEndedAttempt(id, 3, "failed", true);
		expireLease(id);

		JobResponses.JobResponse job = awaitEnded(id);

		assertThat(job.status()).isEqualTo(JobStatus.FAILED);
		assertThat(job.error()).startsWith("gave up after 3 counted attempts (4 in all)")
			.contains("interrupted before reaching a new checkpoint", "dead-node/0002", "expired");
		JobResponses.AttemptResponse last = job.attempts().get(3);
		assertThat(last.counted()).isTrue();
		assertThat(last.countReason()).isEqualTo("interrupted before any new checkpoint: counts (3 of 3)");
	}

	@Test
	void anAttemptThatReachedANewCheckpointBeforeItsNodeDiedDoesNotCount() throws Exception {
		UUID id = plantRunningJob("dead-node/0006", 3, Instant.now().plusSeconds(600));
		plantEndedAttempt(id, 1, "interrupted", true);
		plantEndedAttempt(id, 2, "interrupted", true);
		// what attempt 3 wrote before its node died: epoch 1's metrics row and checkpoint
		// row, committed together (the file is gone, so the next attempt starts over; a
		// poor validation loss keeps it from being the best)
		this.metrics.append(id, 3, 1, 0.9, 1e9, 0.1, 0.01, 1, 100);
		this.jdbc.update(
				"insert into checkpoint (id, job_id, epoch, file_path, size_bytes, sha256, validation_loss,"
						+ " validation_accuracy, created_at) values (?, ?, 1, ?, 1, ?, 1e9, 0.1, ?)",
				UUID.randomUUID(), id, id + "/epoch-1-gone.zip", "0".repeat(64), Timestamp.from(Instant.now()));
		expireLease(id);

		JobResponses.JobResponse job = awaitEnded(id);

		assertThat(job.status()).as(job.error()).isEqualTo(JobStatus.SUCCEEDED);
		assertThat(job.attempt()).isEqualTo(4);
		assertThat(job.attempts()).extracting(JobResponses.AttemptResponse::counted)
			.containsExactly(true, true, false, false);
		assertThat(job.attempts().get(2).countReason())
			.isEqualTo("interrupted after reaching checkpoint of epoch 1: does not count");
		assertThat(job.attempts().get(2).reason()).contains("lease of dead-node/0006", "expired");
	}

	@Test
	void theProgressAnotherNodeRecordsWithItsLeaseIsShownHere() throws Exception {
		UUID id = plantRunningJob("other-node/0005", 1, Instant.now().plusSeconds(600));
		assertThat(this.service.get(TENANT, id).progress()).isNull();
		TrainingProgress progress = new TrainingProgress(2, 3, 4, 8, 12, 950.5, 6.25, 5.0);

		assertThat(this.updates.renewLease(id, "other-node/0005", 1, Duration.ofSeconds(600),
				this.json.writeValueAsString(progress)))
			.isTrue();
		assertThat(this.service.get(TENANT, id).progress()).isEqualTo(progress);

		// a stale run records nothing
		assertThat(this.updates.renewLease(id, "other-node/0005", 0, Duration.ofSeconds(600),
				this.json.writeValueAsString(new TrainingProgress(3, 3, 1, 8, 17, 1, 1, 1.0))))
			.isFalse();
		assertThat(this.service.get(TENANT, id).progress()).isEqualTo(progress);

		// a run that ends clears it
		this.updates.update(id, (job) -> job.requeue("test", Instant.now()));
		assertThat(this.jdbc.queryForObject("select progress_json from job where id = ?", String.class, id)).isNull();
	}

	@Test
	void aLeaseThatRanOutIsNotRenewedByItsRun() throws Exception {
		// a node that could not reach the database in time: any node may recover the job
		// now
		UUID id = plantRunningJob("cut-off-node/0006", 1, Instant.now().minusSeconds(1));

		assertThat(this.updates.renewLease(id, "cut-off-node/0006", 1, Duration.ofSeconds(600), null)).isFalse();
		// whether or not this node's recovery got to the job first
		assertThat(this.jdbc.queryForObject(
				"select count(*) from job where id = ? and lease_owner = 'cut-off-node/0006' and lease_expires_at > ?",
				Integer.class, id, Timestamp.from(Instant.now())))
			.isZero();
	}

	@Test
	void aLiveLeaseIsLeftAlone() throws Exception {
		UUID id = plantRunningJob("live-node/0003", 1, Instant.now().plusSeconds(600));
		Thread.sleep(1000);
		Job job = this.updates.read(id);
		assertThat(job.status()).isEqualTo(JobStatus.RUNNING);
		assertThat(job.leaseOwner()).isEqualTo("live-node/0003");
		assertThat(job.leaseExpiresAt()).isAfter(Instant.now());
	}

	@Test
	void aStaleAttemptsWritesAreRefusedAndLeaveNothingBehind() throws Exception {
		UUID id = plantRunningJob("new-node/0004", 2, Instant.now().plusSeconds(600));
		JobResponses.JobResponse before = this.service.get(TENANT, id);

		// attempt 1 of an old node wakes up and tries to record an epoch
		assertThatThrownBy(
				() -> this.updates.fenced(id, "old-node/0001", 1, (job) -> job.epochDone(7, 70, Instant.now()),
						() -> this.metrics.append(id, 1, 7, 0.5, 0.5, 0.9, 0.01, 1, 100)))
			.isInstanceOf(StaleAttemptException.class);
		// the right attempt of the wrong node is refused too
		assertThatThrownBy(
				() -> this.updates.fenced(id, "old-node/0001", 2, (job) -> job.fail("stale", Instant.now()), () -> {
				}))
			.isInstanceOf(StaleAttemptException.class);

		JobResponses.JobResponse after = this.service.get(TENANT, id);
		assertThat(after.status()).isEqualTo(JobStatus.RUNNING);
		assertThat(after.epoch()).isEqualTo(before.epoch());
		assertThat(after.transitions()).hasSameSizeAs(before.transitions());
		assertThat(this.metrics.forJob(id)).isEmpty();

		// the holder's own write goes through
		this.updates.fenced(id, "new-node/0004", 2, (job) -> job.epochDone(1, 10, Instant.now()),
				() -> this.metrics.append(id, 2, 1, 0.5, 0.5, 0.9, 0.01, 1, 100));
		assertThat(this.metrics.forJob(id)).hasSize(1);
		assertThat(this.service.get(TENANT, id).epoch()).isEqualTo(1);
	}

}
