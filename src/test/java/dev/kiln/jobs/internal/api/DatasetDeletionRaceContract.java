package dev.kiln.jobs.internal.api;

import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import dev.kiln.datasets.DatasetCatalog;
import dev.kiln.datasets.internal.DatasetOperations;
import dev.kiln.jobs.JobStatus;
import dev.kiln.spec.JobSpec;
import dev.kiln.web.ConflictException;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Deleting a dataset and submitting a job on it, at the same moment, never both succeed:
 * either the deletion is refused ({@code dataset-in-use}) and the job trains on a dataset
 * that stays, or the submission is refused ({@code dataset-deleted}). Each round uploads
 * a small dataset and fires both with a random head start for one of them. Run against
 * the embedded H2 ({@link DatasetDeletionRaceIT}) and PostgreSQL
 * ({@link PostgresDatasetDeletionRaceIT}), whose row locks differ; no worker trains
 * ({@code kiln.jobs.workers=0}), so an accepted job stays queued until the round cancels
 * it.
 */
abstract class DatasetDeletionRaceContract {

	private static final int ROUNDS = 200;

	private static final UUID TENANT = UUID.fromString("00000000-0000-0000-0000-000000000001");

	/** The longest head start either side gets, in microseconds. */
	private static final int MAX_JITTER_MICROS = 4000;

	@Autowired
	JobService jobs;

	@Autowired
	DatasetCatalog catalog;

	@Autowired
	JsonMapper json;

	@Autowired
	JdbcTemplate jdbc;

	@Autowired
	ApplicationContext context;

	enum Outcome {

		DONE, REFUSED

	}

	@Test
	void aDeletionAndASubmissionOnTheSameDatasetNeverBothSucceed() throws Exception {
		DatasetOperations datasets = new DatasetOperations(this.context);
		String run = UUID.randomUUID().toString().substring(0, 8);
		int deletionsWon = 0;
		int submissionsWon = 0;
		long started = System.nanoTime();
		ExecutorService pool = Executors.newFixedThreadPool(2);
		try {
			for (int round = 0; round < ROUNDS; round++) {
				String name = "race-" + run + "-" + round;
				UUID dataset = datasets.uploadCsv(TENANT, name, csv(run, round), "y");
				JobSpec spec = spec(name, dataset);
				UUID[] accepted = new UUID[1];
				CyclicBarrier start = new CyclicBarrier(2);
				Future<Outcome> deletion = pool.submit(racer(start, () -> {
					datasets.delete(TENANT, dataset);
					return null;
				}, "dataset-in-use"));
				Future<Outcome> submission = pool.submit(racer(start, () -> {
					accepted[0] = this.jobs.submit(TENANT, spec).id();
					return null;
				}, "dataset-deleted"));
				Outcome deleted = deletion.get(1, TimeUnit.MINUTES);
				Outcome submitted = submission.get(1, TimeUnit.MINUTES);

				assertThat(deleted).as("round %d: the deletion was %s, so the submission must not be", round, deleted)
					.isNotEqualTo(submitted);
				if (submitted == Outcome.DONE) {
					submissionsWon++;
					// the job can train: what its runner reads first is there
					assertThat(this.catalog.findById(dataset).orElseThrow().deleted()).isFalse();
					assertThat(this.catalog.split(dataset, 0.2, 0.2, 1).train().count()).isPositive();
					assertThat(this.jobs.cancel(TENANT, accepted[0]).status()).isEqualTo(JobStatus.CANCELLED);
					datasets.delete(TENANT, dataset);
				}
				else {
					deletionsWon++;
				}
				assertThat(this.catalog.findById(dataset).orElseThrow().deleted()).isTrue();
			}
		}
		finally {
			pool.shutdownNow();
		}
		System.out.printf("dataset deletion race: %d rounds in %d ms, %d deletions and %d submissions won%n", ROUNDS,
				TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started), deletionsWon, submissionsWon);
		assertThat(deletionsWon).as("rounds the deletion won").isPositive();
		assertThat(submissionsWon).as("rounds the submission won").isPositive();
		// every job of the run was accepted on a dataset that stayed, and none failed
		assertThat(
				this.jdbc.queryForList("select status from job where name like ?", String.class, "race-" + run + "%"))
			.hasSize(submissionsWon)
			.containsOnly(JobStatus.CANCELLED.name());
	}

	/**
	 * Runs {@code action} once both racers are ready, after a random head start for the
	 * other one; a conflict of the expected type is a refusal.
	 */
	private static Callable<Outcome> racer(CyclicBarrier start, Callable<Void> action, String refusalType) {
		return () -> {
			start.await();
			LockSupport
				.parkNanos(TimeUnit.MICROSECONDS.toNanos(ThreadLocalRandom.current().nextInt(MAX_JITTER_MICROS)));
			try {
				action.call();
				return Outcome.DONE;
			}
			catch (ConflictException ex) {
				assertThat(ex.type()).as(ex.getMessage()).isEqualTo(refusalType);
				return Outcome.REFUSED;
			}
		};
	}

	/**
	 * A tiny dataset, its content different in every round (uploads refuse duplicates).
	 */
	private static String csv(String run, int round) {
		StringBuilder csv = new StringBuilder("a,b,y\n");
		for (int row = 0; row < 10; row++) {
			csv.append(row).append(',').append(round).append(',').append((row % 2 == 0) ? "even" : "odd").append('\n');
		}
		return csv.append(run.hashCode()).append(",0,odd\n").toString();
	}

	private JobSpec spec(String name, UUID dataset) {
		return this.json.readValue("""
				{"name": "%s", "dataset": "%s", "model": {"input": [2], "layers": [
				  {"type": "output", "units": 2}]}, "training": {"epochs": 1}}""".formatted(name, dataset),
				JobSpec.class);
	}

}
