package dev.kiln.jobs.internal.run;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.function.IntConsumer;

import dev.kiln.checkpoints.CheckpointMetric;
import dev.kiln.engine.EpochResult;
import dev.kiln.engine.Examples;
import dev.kiln.engine.ModelSnapshot;
import dev.kiln.engine.StopReason;
import dev.kiln.engine.TestNetworks;
import dev.kiln.engine.Trainer;
import dev.kiln.engine.TrainingObserver;
import dev.kiln.jobs.JobStatus;
import dev.kiln.jobs.JobsProperties;
import dev.kiln.jobs.internal.lifecycle.EvaluationResponse;
import dev.kiln.jobs.internal.lifecycle.Job;
import dev.kiln.jobs.internal.lifecycle.JobJson;
import dev.kiln.jobs.internal.lifecycle.RunStore;
import dev.kiln.jobs.internal.lifecycle.TestJobs;
import dev.kiln.node.NodeIdentity;
import dev.kiln.node.NodeProperties;
import dev.kiln.spec.CompiledSpec;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.learning.config.Sgd;
import org.slf4j.MDC;
import tools.jackson.databind.json.JsonMapper;

import static dev.kiln.jobs.internal.lifecycle.TestJobs.T0;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The runner's decisions, with the engine training for real (a tiny network, a few
 * epochs) and fakes for what it reaches through its ports: the job's row, the run's
 * preparation and the best checkpoint's evaluation.
 */
class JobRunnerTest {

	private static final Instant NOW = T0.plusSeconds(2);

	private final NodeIdentity node = new NodeIdentity(new NodeProperties("node-a", null));

	private final JobsProperties properties = new JobsProperties(1, Duration.ofSeconds(1), Duration.ofSeconds(30),
			Duration.ofSeconds(30), Duration.ofSeconds(5), 2);

	private final InMemoryStore store = new InMemoryStore();

	private final StopSignals signals = new StopSignals();

	private final List<UUID> evaluated = new ArrayList<>();

	private final EvaluationResponse evaluation = new EvaluationResponse(UUID.randomUUID(), 2, 30, 0.9, List.of(),
			List.of("a", "b", "c"), new int[0][0]);

	private Job job;

	@BeforeEach
	void aJobThisNodeClaimed() {
		this.job = TestJobs.aQueuedJob();
		this.job.start(this.node.owner(), T0.plusSeconds(31), T0.plusSeconds(1));
		this.store.job = this.job;
	}

	@Test
	void aCompletedRunSucceedsWithItsBestCheckpointsEvaluation() {
		run(prepared(2, noStopConditions(), (epoch) -> {
		}));

		assertThat(this.job.status()).isEqualTo(JobStatus.SUCCEEDED);
		assertThat(lastReason()).isEqualTo("trained 2 epoch(s)");
		assertThat(this.evaluated).containsExactly(this.job.id());
		assertThat(this.job.evaluationJson()).contains(this.evaluation.checkpointId().toString());
		assertThat(this.signals.runningCount()).isZero();
	}

	@Test
	void anEarlyStopSucceedsWithItsReason() {
		// no epoch can improve on the first by 1e9: patience 1 stops after epoch 2
		StopConditions.Run stops = new StopConditions.Run(null, 0,
				new EarlyStopping(new CompiledSpec.EarlyStopping("validationLoss", 1, 1e9)));
		run(prepared(5, stops, (epoch) -> {
		}));

		assertThat(this.job.status()).isEqualTo(JobStatus.SUCCEEDED);
		assertThat(this.job.currentEpoch()).isEqualTo(2);
		assertThat(lastReason()).startsWith("stopped early at epoch 2");
		assertThat(this.evaluated).containsExactly(this.job.id());
	}

	@Test
	void aRunOutOfTimeFailsAndIsNotEvaluated() {
		StopConditions.Run stops = new StopConditions.Run(Duration.ZERO, System.nanoTime(), null);
		run(prepared(5, stops, (epoch) -> {
		}));

		assertThat(this.job.status()).isEqualTo(JobStatus.FAILED);
		assertThat(this.job.error()).startsWith("exceeded maxRuntime of PT0S after epoch 0");
		assertThat(this.evaluated).isEmpty();
	}

	@Test
	void aJobCancelledBeforeItsRunStartedEndsCancelled() {
		this.job.cancel(NOW);
		run(prepared(5, noStopConditions(), (epoch) -> {
		}));

		assertThat(this.job.status()).isEqualTo(JobStatus.CANCELLED);
		assertThat(lastReason()).isEqualTo("cancelled after epoch 0");
	}

	@Test
	void aCancelOutranksTheSpecsOwnConditions() {
		this.job.cancel(NOW);
		run(prepared(5, new StopConditions.Run(Duration.ZERO, System.nanoTime(), null), (epoch) -> {
		}));

		assertThat(this.job.status()).isEqualTo(JobStatus.CANCELLED);
	}

	@Test
	void aShutdownSendsTheJobBackToTheQueue() {
		run(prepared(5, noStopConditions(), (epoch) -> this.signals.raiseAll(StopReason.SHUTDOWN)));

		assertThat(this.job.status()).isEqualTo(JobStatus.QUEUED);
		assertThat(lastReason()).startsWith("Kiln shut down after epoch 1");
	}

	@Test
	void aCancelOutranksAShutdown() {
		run(prepared(5, noStopConditions(), (epoch) -> {
			// as JobService cancels a running job
			this.job.cancel(NOW);
			this.signals.raise(this.job.id(), StopReason.CANCELLED);
			this.signals.raiseAll(StopReason.SHUTDOWN);
		}));

		assertThat(this.job.status()).isEqualTo(JobStatus.CANCELLED);
		assertThat(lastReason()).isEqualTo("cancelled after epoch 1");
	}

	@Test
	void aRunThatLostItsLeaseWritesNothingMore() {
		run(prepared(5, noStopConditions(), (epoch) -> this.signals.raise(this.job.id(), StopReason.SUPERSEDED)));

		assertThat(this.job.status()).isEqualTo(JobStatus.RUNNING);
		assertThat(this.job.currentEpoch()).isEqualTo(1);
		assertThat(this.evaluated).isEmpty();
	}

	@Test
	void aDivergedRunFails() {
		PreparedRun prepared = prepared(3, noStopConditions(), (epoch) -> {
		});
		PreparedRun exploding = new PreparedRun(
				TestNetworks.task(TestNetworks.mlp(new Sgd(1e30)), prepared.task().train(),
						prepared.task().validation(), 3, null),
				prepared.observer(), prepared.stops(), prepared.metric(), prepared.test(), prepared.classNames());
		run(exploding);

		assertThat(this.job.status()).isEqualTo(JobStatus.FAILED);
		assertThat(this.job.error()).startsWith("diverged at epoch 1: the training loss is");
		assertThat(this.evaluated).isEmpty();
	}

	@Test
	void aFailureOfTheMachineIsRetriedAndADataErrorIsNot() {
		runner((j, run) -> {
			throw new UncheckedIOException(new IOException("disk gone"));
		}).run(this.job);
		assertThat(this.job.status()).isEqualTo(JobStatus.QUEUED);
		assertThat(this.job.attempts().get(0).reason()).isEqualTo("attempt 1 failed: disk gone; retrying");

		this.job.start(this.node.owner(), NOW.plusSeconds(30), NOW);
		runner((j, run) -> {
			throw new IllegalArgumentException("row 3 has label 7");
		}).run(this.job);
		assertThat(this.job.status()).isEqualTo(JobStatus.FAILED);
		assertThat(this.job.error()).isEqualTo("row 3 has label 7");
		assertThat(this.signals.runningCount()).isZero();
		// the failure is handled, and logged, in the job's log context
		assertThat(this.store.jobIdsLoggedAtWrites).last().isEqualTo(this.job.id().toString());
		assertThat(MDC.get("jobId")).isNull();
	}

	@Test
	void anAttemptAnotherNodeTookOverWritesNothing() {
		PreparedRun prepared = prepared(2, noStopConditions(), (epoch) -> {
		});
		runner((j, run) -> {
			// lease recovery elsewhere requeued the job and another node claimed it
			this.job.requeue("node-a stopped renewing its lease", NOW);
			this.job.start("node-b/1", NOW.plusSeconds(30), NOW);
			return prepared;
		}).run(this.job);

		assertThat(this.job.status()).isEqualTo(JobStatus.RUNNING);
		assertThat(this.job.leaseOwner()).isEqualTo("node-b/1");
		assertThat(this.job.currentEpoch()).isZero();
		assertThat(this.evaluated).isEmpty();
	}

	private void run(PreparedRun prepared) {
		runner((j, run) -> prepared).run(this.job);
	}

	private JobRunner runner(RunPreparation preparation) {
		RunEvaluation evaluation = (jobId, run) -> {
			this.evaluated.add(jobId);
			return this.evaluation;
		};
		return new JobRunner(this.store, new JobJson(JsonMapper.builder().build()), preparation, new Trainer(),
				evaluation, new RetryPolicy(this.properties), this.signals, this.node, this.properties);
	}

	/**
	 * A run of {@code epochs} epochs of a small MLP on separable blobs, whose observer
	 * records each epoch on the job and then calls {@code afterEpoch}.
	 */
	private PreparedRun prepared(int epochs, StopConditions.Run stops, IntConsumer afterEpoch) {
		Examples train = TestNetworks.blobs(60, 1);
		Examples validation = TestNetworks.blobs(30, 2);
		RecordingObserver observer = new RecordingObserver(stops, afterEpoch);
		return new PreparedRun(TestNetworks.task(TestNetworks.mlp(), train, validation, epochs, null), observer, stops,
				CheckpointMetric.VALIDATION_LOSS, TestNetworks.blobs(30, 3), List.of("a", "b", "c"));
	}

	private static StopConditions.Run noStopConditions() {
		return new StopConditions.Run(null, 0, null);
	}

	private String lastReason() {
		return this.job.transitions().get(this.job.transitions().size() - 1).reason();
	}

	/**
	 * What {@link EpochRecorder}'s observer does, without the metric and checkpoint rows.
	 */
	private final class RecordingObserver implements TrainingObserver {

		private final StopConditions.Run stops;

		private final IntConsumer afterEpoch;

		RecordingObserver(StopConditions.Run stops, IntConsumer afterEpoch) {
			this.stops = stops;
			this.afterEpoch = afterEpoch;
		}

		private StopSignals.Signal signal() {
			return JobRunnerTest.this.signals.running().get(JobRunnerTest.this.job.id());
		}

		@Override
		public boolean stopRequested() {
			return EpochRecorder.stopRequested(signal(), this.stops);
		}

		@Override
		public StopReason stopReason() {
			return EpochRecorder.stopReason(signal(), this.stops);
		}

		@Override
		public void epochEnded(EpochResult result, ModelSnapshot snapshot) {
			this.stops.epochEnded(result);
			JobRunnerTest.this.store.fenced(JobRunnerTest.this.job.id(), JobRunnerTest.this.node.owner(), 1,
					(j) -> j.epochDone(result.epoch(), result.iterations(), NOW), () -> {
					});
			this.afterEpoch.accept(result.epoch());
		}

	}

	/**
	 * The job's row, held in memory: fenced writes check the lease as the database's do.
	 */
	private static final class InMemoryStore implements RunStore {

		private Job job;

		/** The job id in the log context at each fenced write. */
		private final List<String> jobIdsLoggedAtWrites = new ArrayList<>();

		@Override
		public Clock clock() {
			return Clock.fixed(NOW, ZoneOffset.UTC);
		}

		@Override
		public Job read(UUID jobId) {
			return this.job;
		}

		@Override
		public Job fenced(UUID jobId, String owner, int attempt, Consumer<Job> change, Runnable alsoInTransaction) {
			this.jobIdsLoggedAtWrites.add(MDC.get("jobId"));
			if (owner != null) {
				this.job.checkHeldBy(owner, attempt);
			}
			alsoInTransaction.run();
			change.accept(this.job);
			return this.job;
		}

	}

}
