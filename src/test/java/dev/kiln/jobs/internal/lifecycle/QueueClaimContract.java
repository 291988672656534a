package dev.kiln.jobs.internal.lifecycle;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import dev.kiln.checkpoints.CheckpointMetric;
import dev.kiln.datasets.DatasetCatalog;
import dev.kiln.jobs.JobStatus;
import dev.kiln.jobs.internal.plan.MemoryBudget;
import dev.kiln.jobs.internal.plan.ResourceGuards;
import dev.kiln.node.JobDevices;
import dev.kiln.spec.DeviceClass;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What every database Kiln runs on must do for the queue: many claimers at once (threads
 * here; nodes in production) each get a different job, every queued job is claimed once,
 * and the oldest goes first. Subclasses choose the database; the dispatcher is switched
 * off ({@code kiln.jobs.workers=0}) so the test's claimers are the only ones.
 */
abstract class QueueClaimContract {

	private static final UUID TENANT = UUID.fromString("00000000-0000-0000-0000-000000000001");

	/** What a CPU node serves. */
	private static final java.util.List<DeviceClass> ALL_DEVICES = JobDevices.servedBy(false);

	private static final int JOBS = 40;

	private static final int CLAIMERS = 8;

	@Autowired
	JobUpdates updates;

	@Autowired
	JobRepository jobs;

	@Autowired
	DatasetCatalog datasets;

	@Autowired
	JdbcTemplate jdbc;

	@Test
	void concurrentClaimersNeverClaimOneJobTwiceAndLeaveNoQueuedJobBehind() throws Exception {
		List<UUID> queued = queueJobs(JOBS);
		Map<UUID, String> claimedBy = new ConcurrentHashMap<>();
		List<String> doubleClaims = Collections.synchronizedList(new ArrayList<>());
		CyclicBarrier start = new CyclicBarrier(CLAIMERS);
		ExecutorService threads = Executors.newFixedThreadPool(CLAIMERS);
		List<Future<Integer>> counts = new ArrayList<>();
		for (int c = 0; c < CLAIMERS; c++) {
			String owner = "claimer-" + c + "/test";
			counts.add(threads.submit(() -> {
				start.await();
				int claimed = 0;
				Optional<Job> job;
				while ((job = this.updates.claimNext(owner, Duration.ofMinutes(5), ALL_DEVICES)).isPresent()) {
					String earlier = claimedBy.putIfAbsent(job.get().id(), owner);
					if (earlier != null) {
						doubleClaims.add(job.get().id() + " by " + earlier + " and " + owner);
					}
					claimed++;
				}
				return claimed;
			}));
		}
		threads.shutdown();
		assertThat(threads.awaitTermination(2, TimeUnit.MINUTES)).isTrue();
		int total = 0;
		int claimersThatWon = 0;
		for (Future<Integer> count : counts) {
			total += count.get();
			claimersThatWon += (count.get() > 0) ? 1 : 0;
		}

		assertThat(doubleClaims).isEmpty();
		assertThat(total).isEqualTo(JOBS);
		assertThat(claimedBy.keySet()).containsExactlyInAnyOrderElementsOf(queued);
		if (claimsRunSideBySide()) {
			assertThat(claimersThatWon).as("claimers that got at least one job").isGreaterThan(1);
		}
		// the database agrees: each job started once, by the claimer that was told it won
		for (UUID id : queued) {
			Job job = this.updates.read(id);
			assertThat(job.status()).isEqualTo(JobStatus.RUNNING);
			assertThat(job.attempt()).isEqualTo(1);
			assertThat(job.leaseOwner()).isEqualTo(claimedBy.get(id));
			assertThat(this.jdbc.queryForObject("select count(*) from job_attempt where job_id = ?", Integer.class, id))
				.isOne();
		}
		assertThat(this.updates.claimNext("late/test", Duration.ofMinutes(5), ALL_DEVICES)).isEmpty();
	}

	/**
	 * Whether concurrent claimers each get a job rather than some of them finding
	 * nothing. PostgreSQL skips a locked row and locks the next; H2 may answer no row to
	 * a claimer while another holds the oldest one, which is harmless (an H2 database
	 * belongs to one process, whose dispatcher claims from one thread).
	 */
	abstract boolean claimsRunSideBySide();

	@Test
	void theOldestQueuedJobIsClaimedFirst() {
		List<UUID> queued = queueJobs(3);
		List<UUID> claimed = new ArrayList<>();
		for (int i = 0; i < 3; i++) {
			claimed.add(this.updates.claimNext("one/test", Duration.ofMinutes(5), ALL_DEVICES).orElseThrow().id());
		}
		assertThat(claimed).containsExactlyElementsOf(queued);
	}

	@Test
	void aJobThatDoesNotFitTheMemoryBudgetStaysQueuedAndFirstInLineUntilMemoryFrees() {
		long mib = 1024 * 1024;
		List<UUID> queued = queueJobs(3, (job) -> job.plan(60 * mib, null));
		MemoryBudget budget = new MemoryBudget(() -> new ResourceGuards.MemoryLimit(100 * mib, "test"), true);

		Job first = this.updates.claimNext("one/test", Duration.ofMinutes(5), ALL_DEVICES, budget).orElseThrow();
		assertThat(first.id()).isEqualTo(queued.get(0));
		assertThat(this.updates.claimNext("one/test", Duration.ofMinutes(5), ALL_DEVICES, budget)).isEmpty();
		assertThat(this.updates.read(queued.get(1)).status()).isEqualTo(JobStatus.QUEUED);
		assertThat(budget.waitingFor(queued.get(1))).hasValueSatisfying(
				(reason) -> assertThat(reason).startsWith("memory: the 1 job(s) training on this node take about"));
		assertThat(budget.inUse()).isEqualTo(60 * mib);

		budget.release(first.id());
		assertThat(this.updates.claimNext("one/test", Duration.ofMinutes(5), ALL_DEVICES, budget).map(Job::id))
			.contains(queued.get(1));
		assertThat(budget.waitingFor(queued.get(1))).isEmpty();
		drainQueue();
	}

	@Test
	void onlyQueuedJobsPastTheirQueueDeadlineAreOverdue() {
		Instant now = Instant.now();
		List<UUID> overdue = queueJobs(1, (job) -> job.plan(0, now.minusSeconds(1)));
		queueJobs(1, (job) -> job.plan(0, now.plusSeconds(3600)));
		queueJobs(1, (job) -> job.plan(0, null));

		assertThat(this.jobs.findOverdueQueued(now)).containsExactlyElementsOf(overdue);
		drainQueue();
	}

	/** Claims what a test left queued, so the other tests find an empty queue. */
	private void drainQueue() {
		while (this.updates.claimNext("drain/test", Duration.ofMinutes(5), ALL_DEVICES).isPresent()) {
			// claimed
		}
	}

	private List<UUID> queueJobs(int count) {
		return queueJobs(count, (job) -> {
		});
	}

	/**
	 * Queues jobs oldest first, one millisecond apart; answers their ids in that order.
	 */
	private List<UUID> queueJobs(int count, java.util.function.Consumer<Job> plan) {
		UUID iris = this.datasets.find(TENANT, "iris").orElseThrow().id();
		Instant first = Instant.now().truncatedTo(ChronoUnit.MILLIS).minusSeconds(3600);
		List<UUID> ids = new ArrayList<>();
		for (int i = 0; i < count; i++) {
			UUID id = UUID.randomUUID();
			Job job = new Job(id, TENANT, "queued-" + i, iris, "{}", 1, CheckpointMetric.VALIDATION_LOSS,
					first.plusMillis(i));
			plan.accept(job);
			this.jobs.saveAndFlush(job);
			ids.add(id);
		}
		assertThat(Set.copyOf(ids)).hasSize(count);
		return ids;
	}

}
