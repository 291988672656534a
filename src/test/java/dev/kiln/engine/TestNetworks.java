package dev.kiln.engine;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.lossfunctions.LossFunctions.LossFunction;

/** Small networks and synthetic data for engine tests. */
public final class TestNetworks {

	public static final int FEATURES = 4;

	public static final int CLASSES = 3;

	private TestNetworks() {
	}

	public static MultiLayerConfiguration mlp(IUpdater updater) {
		return new NeuralNetConfiguration.Builder().seed(7)
			.updater(updater)
			.list()
			.layer(new DenseLayer.Builder().nOut(16).activation(Activation.RELU).build())
			.layer(new OutputLayer.Builder(LossFunction.MCXENT).nOut(CLASSES).activation(Activation.SOFTMAX).build())
			.setInputType(InputType.feedForward(FEATURES))
			.build();
	}

	public static MultiLayerConfiguration mlp() {
		return mlp(new Adam(0.01));
	}

	/**
	 * Conv, batch norm, max pooling and a softmax output on 8x8 single-channel images.
	 */
	public static MultiLayerConfiguration cnn() {
		return new NeuralNetConfiguration.Builder().seed(7)
			.updater(new Adam(0.01))
			.list()
			.layer(new ConvolutionLayer.Builder(3, 3).nOut(4).activation(Activation.IDENTITY).build())
			.layer(new BatchNormalization.Builder().activation(Activation.RELU).build())
			.layer(new SubsamplingLayer.Builder(SubsamplingLayer.PoolingType.MAX).kernelSize(2, 2).stride(2, 2).build())
			.layer(new OutputLayer.Builder(LossFunction.MCXENT).nOut(CLASSES).activation(Activation.SOFTMAX).build())
			.setInputType(InputType.convolutionalFlat(8, 8, 1))
			.build();
	}

	/**
	 * Three well separated Gaussian blobs in {@link #FEATURES} dimensions, classes in
	 * turn.
	 */
	public static Examples blobs(int count, long seed) {
		Random random = new Random(seed);
		float[][] centres = { { 2, 0, 0, 1 }, { 0, 2, 0, -1 }, { 0, 0, 2, 0 } };
		float[] features = new float[count * FEATURES];
		int[] labels = new int[count];
		for (int i = 0; i < count; i++) {
			int label = i % CLASSES;
			labels[i] = label;
			for (int f = 0; f < FEATURES; f++) {
				features[i * FEATURES + f] = centres[label][f] + (float) (0.3 * random.nextGaussian());
			}
		}
		return new Examples(features, labels, FEATURES, CLASSES);
	}

	/** 8x8 images: a horizontal bar, a vertical bar or a diagonal, with noise. */
	public static Examples bars(int count, long seed) {
		Random random = new Random(seed);
		float[] features = new float[count * 64];
		int[] labels = new int[count];
		for (int i = 0; i < count; i++) {
			int label = i % CLASSES;
			labels[i] = label;
			int at = 1 + random.nextInt(6);
			for (int y = 0; y < 8; y++) {
				for (int x = 0; x < 8; x++) {
					boolean on = switch (label) {
						case 0 -> y == at;
						case 1 -> x == at;
						default -> x == y;
					};
					features[i * 64 + y * 8 + x] = (on ? 1f : 0f) + (float) (0.1 * random.nextGaussian());
				}
			}
		}
		return new Examples(features, labels, 64, CLASSES);
	}

	public static TrainingTask task(MultiLayerConfiguration configuration, Examples train, Examples validation,
			int epochs, TrainingTask.Resume resume) {
		return new TrainingTask(configuration, train, validation, epochs, 32, 11L, resume);
	}

	/** Records what the trainer reports; can stop after a number of stop polls. */
	public static class RecordingObserver implements TrainingObserver {

		final List<EpochResult> results = new ArrayList<>();

		private final int stopAtPoll;

		int polls;

		RecordingObserver() {
			this(Integer.MAX_VALUE);
		}

		RecordingObserver(int stopAtPoll) {
			this.stopAtPoll = stopAtPoll;
		}

		@Override
		public boolean stopRequested() {
			this.polls++;
			return this.polls >= this.stopAtPoll;
		}

		@Override
		public StopReason stopReason() {
			return StopReason.CANCELLED;
		}

		@Override
		public void epochEnded(EpochResult result, ModelSnapshot snapshot) {
			this.results.add(result);
		}

	}

	/** Writes a checkpoint at every epoch end. */
	public static final class SnapshotWriter extends TestNetworks.RecordingObserver {

		private final Path dir;

		public SnapshotWriter(Path dir) {
			this.dir = dir;
		}

		public Path path(int epoch) {
			return this.dir.resolve("epoch-" + epoch + ".zip");
		}

		@Override
		public void epochEnded(EpochResult result, ModelSnapshot snapshot) {
			super.epochEnded(result, snapshot);
			try {
				Files.createDirectories(this.dir);
				snapshot.writeTo(path(result.epoch()));
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
		}

	}

}
