package dev.kiln.engine;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Objects;

import dev.kiln.engine.cpu.CpuAccelerations;

import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.optimize.api.BaseTrainingListener;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.learning.config.IUpdater;

/**
 * Trains a network on the calling thread, epoch by epoch, reporting each finished epoch
 * to a {@link TrainingObserver}.
 * <p>
 * While an epoch trains, the observer gets a {@link TrainingProgress} at most once per
 * its {@link TrainingObserver#progressInterval()}.
 * <p>
 * Per epoch the training rows are shuffled with a seed derived from the task seed and the
 * epoch number (so a resumed run sees the same order as an uninterrupted one) and fed in
 * minibatches of {@code batchSize} rows, the last partial batch included. A stop request
 * is honoured at the next iteration boundary. A run whose epoch ends with a NaN or
 * infinite training loss is reported, then ends as {@link TrainingOutcome.Diverged}. Any
 * other failure is thrown.
 * <p>
 * Before training, the native thread count is set for the network on the calling thread
 * (see {@link NativeRuntime#useThreadsFor}); part of it is process-wide, so jobs are
 * meant to train one at a time.
 */
public final class Trainer {

	private final Accelerations accelerations;

	/** A trainer that uses Kiln's CPU implementations where it can. */
	public Trainer() {
		this(Accelerations.AUTO);
	}

	public Trainer(Accelerations accelerations) {
		this.accelerations = accelerations;
	}

	/** Whether this trainer swaps in Kiln's CPU implementations where it can. */
	public Accelerations accelerations() {
		return this.accelerations;
	}

	/**
	 * Runs the task to the end, to a stop request or to divergence. When
	 * {@code task.resume()} is set, the weights, updater state and iteration and epoch
	 * counters come from that checkpoint, and the rest (the learning-rate schedule
	 * included, which model files carry only as the rate in force) from
	 * {@code task.configuration()}, or from the checkpoint when that is null; training
	 * continues at epoch {@code epochsCompleted + 1}.
	 * <p>
	 * When stopped, the thread's interrupt flag is cleared before returning.
	 * @throws IllegalArgumentException if the task is inconsistent (batch size, feature
	 * length, a checkpoint that does not match its epoch count)
	 * @throws IllegalStateException if training fails
	 */
	public TrainingOutcome train(TrainingTask task, TrainingObserver observer) {
		validate(task);
		NativeRuntime.settings();
		boolean accelerated = this.accelerations.active();
		MultiLayerNetwork network = network(task, accelerated);
		NativeRuntime.useThreadsFor(network.getLayerWiseConfigurations());
		int completed = (task.resume() != null) ? task.resume().epochsCompleted() : 0;
		ProgressMeter progress = new ProgressMeter(task.epochs(), task.batchSize(), task.train().count(),
				network.getIterationCount(), observer.progressInterval().toNanos(), System::nanoTime);
		EpochListener listener = new EpochListener(observer, progress);
		network.setListeners(listener);
		try {
			for (int epoch = completed + 1; epoch <= task.epochs(); epoch++) {
				if (observer.stopRequested()) {
					throw StopSignal.INSTANCE;
				}
				EpochResult result = runEpoch(network, listener, task, epoch, accelerated);
				Snapshot snapshot = new Snapshot(network);
				try {
					observer.epochEnded(result, snapshot);
				}
				finally {
					snapshot.expire();
				}
				completed = epoch;
				if (!Double.isFinite(result.trainLoss())) {
					return new TrainingOutcome.Diverged(epoch, result.trainLoss());
				}
			}
			return new TrainingOutcome.Completed(completed);
		}
		catch (StopSignal stop) {
			Thread.interrupted();
			return new TrainingOutcome.Stopped(completed,
					Objects.requireNonNull(observer.stopReason(), "the observer asked to stop without a reason"));
		}
		finally {
			network.setListeners();
		}
	}

	private EpochResult runEpoch(MultiLayerNetwork network, EpochListener listener, TrainingTask task, int epoch,
			boolean accelerated) {
		Examples train = task.train();
		ExamplesIterator batches = ExamplesIterator.shuffled(train, task.batchSize(), task.seed(), epoch, accelerated);
		listener.startEpoch(epoch);
		long start = System.nanoTime();
		try {
			network.fit(batches);
		}
		catch (StopSignal stop) {
			throw stop;
		}
		catch (RuntimeException ex) {
			if (isStop(ex)) {
				throw StopSignal.INSTANCE;
			}
			throw new IllegalStateException(
					"training failed in epoch " + epoch + ((ex.getMessage() != null) ? ": " + ex.getMessage() : ""),
					ex);
		}
		double trainSeconds = (System.nanoTime() - start) / 1e9;
		Validation validation = Validation.of(network, task.validation(), task.batchSize(), accelerated);
		double seconds = (System.nanoTime() - start) / 1e9;
		long iterations = network.getIterationCount();
		return new EpochResult(epoch, listener.meanScore(), validation.loss(), validation.accuracy(),
				learningRate(network, iterations, epoch), seconds, train.count() / trainSeconds, iterations);
	}

	private static boolean isStop(Throwable ex) {
		for (Throwable t = ex; t != null; t = t.getCause()) {
			if (t instanceof StopSignal) {
				return true;
			}
		}
		return false;
	}

	private static void validate(TrainingTask task) {
		if (task.batchSize() <= 0) {
			throw new IllegalArgumentException("batchSize must be positive, was " + task.batchSize());
		}
		if (task.epochs() < 0) {
			throw new IllegalArgumentException("epochs must not be negative, was " + task.epochs());
		}
		if (task.train().count() == 0) {
			throw new IllegalArgumentException("the training split holds no rows");
		}
		Examples validation = task.validation();
		if (validation != null && validation.count() > 0 && (validation.featureLength() != task.train().featureLength()
				|| validation.classes() != task.train().classes())) {
			throw new IllegalArgumentException("validation rows have " + validation.featureLength() + " features and "
					+ validation.classes() + " classes, training rows " + task.train().featureLength() + " and "
					+ task.train().classes());
		}
		checkLabels(task.train());
		if (validation != null) {
			checkLabels(validation);
		}
		if (task.resume() == null && task.configuration() == null) {
			throw new IllegalArgumentException("a configuration is needed when not resuming");
		}
	}

	private static void checkLabels(Examples examples) {
		int[] labels = examples.labels();
		for (int i = 0; i < labels.length; i++) {
			if (labels[i] < 0 || labels[i] >= examples.classes()) {
				throw new IllegalArgumentException(
						"row " + i + " has label " + labels[i] + ", outside [0, " + examples.classes() + ")");
			}
		}
	}

	private MultiLayerNetwork network(TrainingTask task, boolean accelerated) {
		MultiLayerNetwork network;
		if (task.resume() == null) {
			// the network writes its counters into its configuration: keep the caller's
			// copy untouched
			network = new MultiLayerNetwork(runtimeConfiguration(task.configuration(), accelerated));
			network.init();
		}
		else {
			TrainingTask.Resume resume = task.resume();
			MultiLayerNetwork stored;
			try {
				// with the job's configuration, the stored network only lends its arrays
				stored = ModelFiles.load(resume.checkpoint(),
						(task.configuration() != null) ? Accelerations.OFF : this.accelerations);
			}
			catch (IOException ex) {
				throw new IllegalStateException(
						"Cannot read checkpoint " + resume.checkpoint() + ": " + ex.getMessage(), ex);
			}
			if (stored.getEpochCount() != resume.epochsCompleted()) {
				throw new IllegalArgumentException("checkpoint " + resume.checkpoint() + " was written after epoch "
						+ stored.getEpochCount() + ", not after epoch " + resume.epochsCompleted());
			}
			network = (task.configuration() != null) ? resumed(task.configuration(), stored, accelerated) : stored;
		}
		int inputs = Predictor.featureLength(network);
		if (inputs != task.train().featureLength()) {
			throw new IllegalArgumentException(
					"the network takes rows of " + inputs + " features, the data has " + task.train().featureLength());
		}
		int outputs = network.layerSize(network.getnLayers() - 1);
		if (outputs != task.train().classes()) {
			throw new IllegalArgumentException(
					"the network scores " + outputs + " classes, the data has " + task.train().classes());
		}
		if (accelerated) {
			CpuAccelerations.installUpdater(network);
		}
		return network;
	}

	private static MultiLayerConfiguration runtimeConfiguration(MultiLayerConfiguration configuration,
			boolean accelerated) {
		return accelerated ? CpuAccelerations.accelerate(configuration) : configuration.clone();
	}

	/**
	 * A network of {@code configuration} holding the stored network's parameters, updater
	 * state and counters.
	 */
	private static MultiLayerNetwork resumed(MultiLayerConfiguration configuration, MultiLayerNetwork stored,
			boolean accelerated) {
		MultiLayerNetwork network = new MultiLayerNetwork(runtimeConfiguration(configuration, accelerated));
		try {
			// (before init, numParams() would initialise the network with fresh weights)
			network.init(stored.params(), false);
		}
		catch (IllegalArgumentException | IllegalStateException ex) {
			throw new IllegalArgumentException("the checkpoint does not fit the job's network: " + ex.getMessage(), ex);
		}
		network.setIterationCount(stored.getIterationCount());
		network.setEpochCount(stored.getEpochCount());
		INDArray state = stored.getUpdater().getStateViewArray();
		if (state != null && state.length() > 0) {
			INDArray own = network.getUpdater().getStateViewArray();
			if (own == null || own.length() != state.length()) {
				throw new IllegalArgumentException("the checkpoint's optimiser state holds " + state.length()
						+ " values, the job's optimiser " + ((own != null) ? own.length() : 0));
			}
			network.getUpdater().setStateViewArray(network, state, false);
		}
		return network;
	}

	/**
	 * The learning rate of the first layer that has one, as used in the epoch's last
	 * iteration (NaN if no layer has a learning rate).
	 */
	static double learningRate(MultiLayerNetwork network, long iterations, int epoch) {
		MultiLayerConfiguration configuration = network.getLayerWiseConfigurations();
		for (int i = 0; i < configuration.getConfs().size(); i++) {
			Layer layer = configuration.getConf(i).getLayer();
			if (layer instanceof BaseLayer base) {
				IUpdater updater = base.getIUpdater();
				if (updater != null && updater.hasLearningRate()) {
					return updater.getLearningRate((int) Math.max(0, iterations - 1), epoch - 1);
				}
			}
		}
		return Double.NaN;
	}

	/** Sums minibatch scores and polls for a stop at every iteration boundary. */
	private static final class EpochListener extends BaseTrainingListener {

		private final TrainingObserver observer;

		private final ProgressMeter progress;

		private double scoreSum;

		private long scores;

		EpochListener(TrainingObserver observer, ProgressMeter progress) {
			this.observer = observer;
			this.progress = progress;
		}

		void startEpoch(int epoch) {
			this.scoreSum = 0;
			this.scores = 0;
			this.progress.startEpoch(epoch);
		}

		double meanScore() {
			return (this.scores > 0) ? this.scoreSum / this.scores : Double.NaN;
		}

		@Override
		public void iterationDone(Model model, int iteration, int epoch) {
			this.scoreSum += model.score();
			this.scores++;
			TrainingProgress report = this.progress.iterationDone();
			if (report != null) {
				this.observer.progress(report);
			}
			if (this.observer.stopRequested()) {
				throw StopSignal.INSTANCE;
			}
		}

	}

	/** Thrown from the listener to leave {@code fit}; carries no stack trace. */
	private static final class StopSignal extends RuntimeException {

		static final StopSignal INSTANCE = new StopSignal();

		private StopSignal() {
			super("training stop requested", null, false, false);
		}

	}

	/** Writes the network while the observer holds it, and refuses afterwards. */
	private static final class Snapshot implements ModelSnapshot {

		private MultiLayerNetwork network;

		Snapshot(MultiLayerNetwork network) {
			this.network = network;
		}

		@Override
		public void writeTo(Path path, FeatureScaling scaling) throws IOException {
			if (this.network == null) {
				throw new IllegalStateException("a snapshot can only be written during the epochEnded call");
			}
			ModelFiles.write(this.network, path, scaling);
		}

		void expire() {
			this.network = null;
		}

	}

}
