package dev.kiln.engine;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.LongStream;

import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.learning.config.Sgd;
import org.nd4j.linalg.lossfunctions.LossFunctions.LossFunction;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

class TrainerTest {

	private static final Examples TRAIN = TestNetworks.blobs(300, 1);

	private static final Examples VALIDATION = TestNetworks.blobs(90, 2);

	@TempDir
	Path dir;

	@Test
	void smallMlpLearnsSeparableClassesAndReportsEveryEpoch() {
		TestNetworks.RecordingObserver observer = new TestNetworks.RecordingObserver();

		TrainingOutcome outcome = new Trainer().train(TestNetworks.task(TestNetworks.mlp(), TRAIN, VALIDATION, 5, null),
				observer);

		assertThat(outcome).isEqualTo(new TrainingOutcome.Completed(5));
		assertThat(observer.results).extracting(EpochResult::epoch).containsExactly(1, 2, 3, 4, 5);
		assertThat(observer.results).allSatisfy((result) -> {
			assertThat(result.trainLoss()).isFinite().isPositive();
			assertThat(result.validationLoss()).isFinite().isPositive();
			assertThat(result.learningRate()).isEqualTo(0.01);
			assertThat(result.seconds()).isPositive();
			assertThat(result.samplesPerSecond()).isPositive();
		});
		// 300 rows in batches of 32: 10 iterations per epoch, the last one partial
		assertThat(observer.results).extracting(EpochResult::iterations).containsExactly(10L, 20L, 30L, 40L, 50L);
		EpochResult first = observer.results.get(0);
		EpochResult last = observer.results.get(4);
		assertThat(last.trainLoss()).isLessThan(first.trainLoss() / 2);
		assertThat(last.validationLoss()).isLessThan(first.validationLoss());
		assertThat(last.validationAccuracy()).isGreaterThanOrEqualTo(0.95);
	}

	@Test
	void reportsProgressWhileAnEpochTrains() {
		List<TrainingProgress> reports = new ArrayList<>();
		TestNetworks.RecordingObserver observer = new TestNetworks.RecordingObserver() {
			@Override
			public void progress(TrainingProgress progress) {
				reports.add(progress);
			}

			@Override
			public Duration progressInterval() {
				// every iteration
				return Duration.ZERO;
			}
		};

		new Trainer().train(TestNetworks.task(TestNetworks.mlp(), TRAIN, VALIDATION, 2, null), observer);

		// 300 rows in batches of 32: 10 iterations per epoch
		assertThat(reports).hasSize(20);
		assertThat(reports).extracting(TrainingProgress::iterations)
			.containsExactlyElementsOf(LongStream.rangeClosed(1, 20).boxed().toList());
		assertThat(reports).allSatisfy((report) -> {
			assertThat(report.epochs()).isEqualTo(2);
			assertThat(report.iterationsPerEpoch()).isEqualTo(10);
			assertThat(report.elapsedSeconds()).isPositive();
		});
		TrainingProgress fifteenth = reports.get(14);
		assertThat(fifteenth.epoch()).isEqualTo(2);
		assertThat(fifteenth.iteration()).isEqualTo(5);
		assertThat(fifteenth.etaSeconds()).isPositive();
		assertThat(reports.get(19).etaSeconds()).isZero();
	}

	@Test
	void emptyValidationSplitGivesNaNValidationMetrics() {
		TestNetworks.RecordingObserver observer = new TestNetworks.RecordingObserver();
		Examples none = new Examples(new float[0], new int[0], TestNetworks.FEATURES, TestNetworks.CLASSES);

		new Trainer().train(TestNetworks.task(TestNetworks.mlp(), TRAIN, none, 1, null), observer);

		assertThat(observer.results).singleElement().satisfies((result) -> {
			assertThat(result.validationLoss()).isNaN();
			assertThat(result.validationAccuracy()).isNaN();
			assertThat(result.trainLoss()).isFinite();
		});
	}

	@Test
	void stopRequestMidEpochEndsTrainingAtTheNextIterationBoundary() {
		// polls: 1 before epoch 1, 2-11 after its 10 iterations, 12 before epoch 2, then
		// one per iteration: the 15th poll comes after the third iteration of epoch 2
		TestNetworks.RecordingObserver observer = new TestNetworks.RecordingObserver(15) {

			@Override
			public boolean stopRequested() {
				boolean stop = super.stopRequested();
				if (stop) {
					Thread.currentThread().interrupt();
				}
				return stop;
			}

			@Override
			public StopReason stopReason() {
				return StopReason.SHUTDOWN;
			}

		};

		TrainingOutcome outcome = new Trainer().train(TestNetworks.task(TestNetworks.mlp(), TRAIN, VALIDATION, 5, null),
				observer);

		assertThat(outcome).isEqualTo(new TrainingOutcome.Stopped(1, StopReason.SHUTDOWN));
		assertThat(observer.polls).as("no iteration ran after the stop request").isEqualTo(15);
		assertThat(observer.results).extracting(EpochResult::epoch).containsExactly(1);
		assertThat(Thread.currentThread().isInterrupted()).isFalse();
	}

	@Test
	void stopRequestedBeforeTheFirstEpochTrainsNothing() {
		TestNetworks.RecordingObserver observer = new TestNetworks.RecordingObserver(1);

		TrainingOutcome outcome = new Trainer().train(TestNetworks.task(TestNetworks.mlp(), TRAIN, VALIDATION, 5, null),
				observer);

		assertThat(outcome).isEqualTo(new TrainingOutcome.Stopped(0, StopReason.CANCELLED));
		assertThat(observer.results).isEmpty();
	}

	@Test
	void absurdLearningRateDivergesAfterReportingTheEpoch() {
		MultiLayerConfiguration configuration = new NeuralNetConfiguration.Builder().seed(7)
			.updater(new Sgd(1e12))
			.list()
			.layer(new OutputLayer.Builder(LossFunction.MSE).nOut(TestNetworks.CLASSES)
				.activation(Activation.IDENTITY)
				.build())
			.setInputType(InputType.feedForward(TestNetworks.FEATURES))
			.build();
		TestNetworks.RecordingObserver observer = new TestNetworks.RecordingObserver();

		TrainingOutcome outcome = new Trainer().train(TestNetworks.task(configuration, TRAIN, VALIDATION, 5, null),
				observer);

		assertThat(outcome).isInstanceOf(TrainingOutcome.Diverged.class);
		TrainingOutcome.Diverged diverged = (TrainingOutcome.Diverged) outcome;
		assertThat(diverged.epochsCompleted()).isEqualTo(observer.results.size()).isLessThan(5);
		assertThat(diverged.loss()).isNotFinite();
		assertThat(observer.results.get(observer.results.size() - 1).trainLoss()).isNotFinite();
	}

	@Test
	void resumedRunContinuesWhereTheCheckpointLeftOff() throws IOException {
		// uninterrupted: 4 epochs, checkpoints after 2 and 4
		TestNetworks.SnapshotWriter uninterrupted = new TestNetworks.SnapshotWriter(this.dir.resolve("a"));
		new Trainer().train(TestNetworks.task(TestNetworks.mlp(), TRAIN, VALIDATION, 4, null), uninterrupted);
		// interrupted: 2 epochs, then a new trainer resumes from the checkpoint for 2
		// more
		TestNetworks.SnapshotWriter firstPart = new TestNetworks.SnapshotWriter(this.dir.resolve("b"));
		new Trainer().train(TestNetworks.task(TestNetworks.mlp(), TRAIN, VALIDATION, 2, null), firstPart);
		Path checkpoint = firstPart.path(2);
		TestNetworks.SnapshotWriter secondPart = new TestNetworks.SnapshotWriter(this.dir.resolve("c"));

		TrainingOutcome outcome = new Trainer().train(
				TestNetworks.task(TestNetworks.mlp(), TRAIN, VALIDATION, 4, new TrainingTask.Resume(checkpoint, 2)),
				secondPart);

		assertThat(outcome).isEqualTo(new TrainingOutcome.Completed(4));
		assertThat(secondPart.results).extracting(EpochResult::epoch).containsExactly(3, 4);
		assertThat(secondPart.results).extracting(EpochResult::iterations).containsExactly(30L, 40L);
		// Adam's moments were saved and restored with the weights
		MultiLayerNetwork saved = ModelFiles.load(checkpoint, Accelerations.AUTO);
		INDArray savedState = saved.getUpdater().getStateViewArray();
		assertThat(savedState.amaxNumber().doubleValue()).isPositive();
		assertThat(saved.getIterationCount()).isEqualTo(20);
		assertThat(saved.getEpochCount()).isEqualTo(2);
		assertThat(ModelFiles.load(uninterrupted.path(2), Accelerations.AUTO).getUpdater().getStateViewArray())
			.isEqualTo(savedState);
		// same order of rows and same optimiser state: the same network as without the
		// interruption
		MultiLayerNetwork resumed = ModelFiles.load(secondPart.path(4), Accelerations.AUTO);
		MultiLayerNetwork whole = ModelFiles.load(uninterrupted.path(4), Accelerations.AUTO);
		assertThat(resumed.params()).isEqualTo(whole.params());
		assertThat(resumed.getUpdater().getStateViewArray()).isEqualTo(whole.getUpdater().getStateViewArray());
		assertThat(secondPart.results).extracting(EpochResult::trainLoss)
			.containsExactlyElementsOf(
					uninterrupted.results.subList(2, 4).stream().map(EpochResult::trainLoss).toList());
	}

	@Test
	void resumeRefusesACheckpointFromAnotherEpoch() {
		TestNetworks.SnapshotWriter firstPart = new TestNetworks.SnapshotWriter(this.dir);
		new Trainer().train(TestNetworks.task(TestNetworks.mlp(), TRAIN, VALIDATION, 2, null), firstPart);

		assertThatIllegalArgumentException().isThrownBy(() -> new Trainer().train(
				TestNetworks.task(null, TRAIN, VALIDATION, 4, new TrainingTask.Resume(firstPart.path(1), 2)),
				new TestNetworks.RecordingObserver()))
			.withMessageContaining("after epoch 1, not after epoch 2");
	}

	@Test
	void rowsThatDoNotFitTheNetworkAreRejectedUpFront() {
		Examples wide = new Examples(new float[10 * 5], new int[10], 5, TestNetworks.CLASSES);
		Examples none = new Examples(new float[0], new int[0], 5, TestNetworks.CLASSES);

		assertThatIllegalArgumentException()
			.isThrownBy(() -> new Trainer().train(TestNetworks.task(TestNetworks.mlp(), wide, none, 1, null),
					new TestNetworks.RecordingObserver()))
			.withMessageContaining("takes rows of 4 features, the data has 5");
	}

	@Test
	void labelsOutsideTheClassesAreRejectedUpFront() {
		Examples badLabel = new Examples(new float[2 * 4], new int[] { 0, 3 }, 4, TestNetworks.CLASSES);
		Examples fourClasses = new Examples(new float[2 * 4], new int[] { 0, 3 }, 4, 4);

		assertThatIllegalArgumentException()
			.isThrownBy(() -> new Trainer().train(TestNetworks.task(TestNetworks.mlp(), badLabel, null, 1, null),
					new TestNetworks.RecordingObserver()))
			.withMessage("row 1 has label 3, outside [0, 3)");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new Trainer().train(TestNetworks.task(TestNetworks.mlp(), fourClasses, null, 1, null),
					new TestNetworks.RecordingObserver()))
			.withMessage("the network scores 3 classes, the data has 4");
	}

	@Test
	void snapshotCannotBeWrittenAfterTheEpochEndedCall() {
		ModelSnapshot[] kept = new ModelSnapshot[1];
		new Trainer().train(TestNetworks.task(TestNetworks.mlp(), TRAIN, VALIDATION, 1, null),
				new TestNetworks.RecordingObserver() {

					@Override
					public void epochEnded(EpochResult result, ModelSnapshot snapshot) {
						kept[0] = snapshot;
					}

				});

		assertThatIllegalStateException().isThrownBy(() -> kept[0].writeTo(this.dir.resolve("late.zip")));
	}

}
