package dev.kiln.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.kiln.engine.NativeRuntime;
import dev.kiln.engine.cpu.CpuAccelerations;

import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.api.DataSetPreProcessor;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * Training as one would write it by hand with DL4J, in the best case: the data already in
 * ND4J arrays, minibatches as views of them, no listener, the engine's fastest native
 * settings and, when accelerated, Kiln's CPU implementations ({@link CpuAccelerations}).
 * Per epoch: shuffle, fit, score
 * the validation rows and save a checkpoint, as a Kiln job does.
 */
final class BareLoop {

	private final DataSet train;

	private final DataSet validation;

	private final DataSet test;

	private final int batchSize;

	private final Path scratch;

	BareLoop(FashionMnist data, int trainRows, int batchSize, Path scratch) {
		int validationRows = data.trainCount() - trainRows;
		this.train = rows(data.trainPixels(), data.trainLabels(), 0, trainRows, data.pixelsPerImage());
		this.validation = rows(data.trainPixels(), data.trainLabels(), trainRows, validationRows,
				data.pixelsPerImage());
		this.test = rows(data.testPixels(), data.testLabels(), 0, data.testCount(), data.pixelsPerImage());
		this.batchSize = batchSize;
		this.scratch = scratch;
	}

	int trainRows() {
		return this.train.numExamples();
	}

	/**
	 * Trains a fresh network; answers samples/s while shuffling and fitting, the seconds
	 * of the whole loop (network set-up, validation, checkpoints and the final test
	 * evaluation included) and test accuracy.
	 */
	Map<String, Double> run(MultiLayerConfiguration configuration, int epochs, long seed, boolean accelerated)
			throws IOException {
		long start = System.nanoTime();
		NativeRuntime.useThreadsFor(configuration);
		MultiLayerNetwork network = new MultiLayerNetwork(
				accelerated ? CpuAccelerations.accelerate(configuration) : configuration.clone());
		network.init();
		if (accelerated) {
			// as the engine trains: the loops differ only in what the service adds
			CpuAccelerations.installUpdater(network);
		}
		long fitNanos = 0;
		Files.createDirectories(this.scratch);
		Path checkpoint = Files.createTempFile(this.scratch, "bare-", ".zip");
		for (int epoch = 1; epoch <= epochs; epoch++) {
			// the shuffle counts: it is this loop's way to its minibatches, as copying them
			// is a Kiln job's
			long fitStart = System.nanoTime();
			this.train.shuffle(seed + epoch);
			DataSetIterator batches = new Minibatches(this.train, this.batchSize);
			network.fit(batches);
			fitNanos += System.nanoTime() - fitStart;
			if (this.validation.numExamples() > 0) {
				network.evaluate(new Minibatches(this.validation, this.batchSize));
				network.score(this.validation, false);
			}
			ModelSerializer.writeModel(network, checkpoint.toFile(), true);
		}
		double testAccuracy = network.evaluate(new Minibatches(this.test, this.batchSize)).accuracy();
		long wallNanos = System.nanoTime() - start;
		double samples = (double) this.train.numExamples() * epochs;
		Map<String, Double> figures = new LinkedHashMap<>();
		figures.put("samplesPerSecond", samples / (fitNanos / 1e9));
		figures.put("wallSeconds", wallNanos / 1e9);
		figures.put("testAccuracy", testAccuracy);
		Files.deleteIfExists(checkpoint);
		return figures;
	}

	private static DataSet rows(byte[] pixels, int[] labels, int from, int count, int width) {
		float[] features = new float[count * width];
		float[] oneHot = new float[count * FashionMnist.CLASSES];
		for (int r = 0; r < count; r++) {
			int row = from + r;
			for (int i = 0; i < width; i++) {
				features[r * width + i] = (pixels[row * width + i] & 0xFF) / 255f;
			}
			oneHot[r * FashionMnist.CLASSES + labels[row]] = 1f;
		}
		return new DataSet(Nd4j.create(features, new long[] { count, width }, 'c'),
				Nd4j.create(oneHot, new long[] { count, FashionMnist.CLASSES }, 'c'));
	}

	/** Minibatches as views of a data set's arrays, in their current order. */
	private static final class Minibatches implements DataSetIterator {

		private final List<DataSet> batches = new ArrayList<>();

		private final int batchSize;

		private int cursor;

		Minibatches(DataSet data, int batchSize) {
			this.batchSize = batchSize;
			INDArray features = data.getFeatures();
			INDArray labels = data.getLabels();
			for (int from = 0; from < data.numExamples(); from += batchSize) {
				int to = Math.min(from + batchSize, data.numExamples());
				this.batches.add(new DataSet(features.get(NDArrayIndex.interval(from, to), NDArrayIndex.all()),
						labels.get(NDArrayIndex.interval(from, to), NDArrayIndex.all())));
			}
		}

		@Override
		public boolean hasNext() {
			return this.cursor < this.batches.size();
		}

		@Override
		public DataSet next() {
			return this.batches.get(this.cursor++);
		}

		@Override
		public DataSet next(int num) {
			return next();
		}

		@Override
		public int inputColumns() {
			return (int) this.batches.get(0).getFeatures().size(1);
		}

		@Override
		public int totalOutcomes() {
			return (int) this.batches.get(0).getLabels().size(1);
		}

		@Override
		public boolean resetSupported() {
			return true;
		}

		/** No: the minibatches are ready; a prefetch thread would only add hand-overs. */
		@Override
		public boolean asyncSupported() {
			return false;
		}

		@Override
		public void reset() {
			this.cursor = 0;
		}

		@Override
		public int batch() {
			return this.batchSize;
		}

		@Override
		public void setPreProcessor(DataSetPreProcessor preProcessor) {
			throw new UnsupportedOperationException();
		}

		@Override
		public DataSetPreProcessor getPreProcessor() {
			return null;
		}

		@Override
		public List<String> getLabels() {
			return null;
		}

	}

}
