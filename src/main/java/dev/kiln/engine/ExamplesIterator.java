package dev.kiln.engine;

import java.nio.FloatBuffer;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Random;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.api.DataSetPreProcessor;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Minibatches over in-memory {@link Examples}, in a fixed order given at construction
 * (the last, partial batch included), with one-hot labels. Not asynchronous: DL4J then
 * consumes it on the training thread, so a stop takes effect at the next iteration.
 */
final class ExamplesIterator implements DataSetIterator {

	private final Examples examples;

	private final int[] order;

	private final int batchSize;

	private int cursor;

	private DataSetPreProcessor preProcessor;

	ExamplesIterator(Examples examples, int[] order, int batchSize) {
		if (batchSize <= 0) {
			throw new IllegalArgumentException("batchSize must be positive, was " + batchSize);
		}
		this.examples = examples;
		this.order = order;
		this.batchSize = batchSize;
	}

	/** The rows in their stored order. */
	static ExamplesIterator inOrder(Examples examples, int batchSize) {
		int[] order = new int[examples.count()];
		for (int i = 0; i < order.length; i++) {
			order[i] = i;
		}
		return new ExamplesIterator(examples, order, batchSize);
	}

	/**
	 * The rows shuffled for one epoch. The order depends only on {@code seed} and
	 * {@code epoch}, so a resumed run sees the same order as an uninterrupted one.
	 */
	static ExamplesIterator shuffled(Examples examples, int batchSize, long seed, int epoch) {
		int[] order = inOrder(examples, batchSize).order;
		Random random = new Random(epochSeed(seed, epoch));
		for (int i = order.length - 1; i > 0; i--) {
			int j = random.nextInt(i + 1);
			int swap = order[i];
			order[i] = order[j];
			order[j] = swap;
		}
		return new ExamplesIterator(examples, order, batchSize);
	}

	static long epochSeed(long seed, int epoch) {
		// splitmix64 finaliser: neighbouring (seed, epoch) pairs give unrelated seeds
		long z = seed + 0x9E3779B97F4A7C15L * (epoch + 1L);
		z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
		z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
		return z ^ (z >>> 31);
	}

	/** Batches this iterator yields per pass. */
	int batches() {
		return (this.order.length + this.batchSize - 1) / this.batchSize;
	}

	@Override
	public boolean hasNext() {
		return this.cursor < this.order.length;
	}

	@Override
	public DataSet next() {
		return next(this.batchSize);
	}

	@Override
	public DataSet next(int num) {
		if (!hasNext()) {
			throw new NoSuchElementException();
		}
		int rows = Math.min(num, this.order.length - this.cursor);
		int width = this.examples.featureLength();
		int classes = this.examples.classes();
		float[] source = this.examples.features();
		// rows are copied straight into the arrays' native memory, one bulk copy each:
		// Nd4j.create(float[]) would copy value by value
		INDArray features = Nd4j.createUninitialized(DataType.FLOAT, rows, width);
		FloatBuffer featureMemory = features.data().asNioFloat();
		INDArray labels = Nd4j.zeros(DataType.FLOAT, rows, classes);
		FloatBuffer labelMemory = labels.data().asNioFloat();
		for (int r = 0; r < rows; r++) {
			int row = this.order[this.cursor + r];
			featureMemory.put(r * width, source, row * width, width);
			int label = this.examples.labels()[row];
			if (label < 0 || label >= classes) {
				throw new IllegalArgumentException(
						"row " + row + " has label " + label + ", outside [0, " + classes + ")");
			}
			labelMemory.put(r * classes + label, 1f);
		}
		this.cursor += rows;
		DataSet dataSet = new DataSet(features, labels);
		if (this.preProcessor != null) {
			this.preProcessor.preProcess(dataSet);
		}
		return dataSet;
	}

	@Override
	public int inputColumns() {
		return this.examples.featureLength();
	}

	@Override
	public int totalOutcomes() {
		return this.examples.classes();
	}

	@Override
	public boolean resetSupported() {
		return true;
	}

	/**
	 * No: DL4J's {@code fit} then takes each minibatch on the training thread. Its
	 * {@code AsyncDataSetIterator} would assemble the next ones on a background thread,
	 * but a minibatch is one bulk copy per row, and for steps of a millisecond or less
	 * the hand-over between threads cost more than the copy: the 5-layer MLP trained 5%
	 * and softmax regression 15% faster without it on 2 cores (docs/benchmarks.md).
	 */
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
		this.preProcessor = preProcessor;
	}

	@Override
	public DataSetPreProcessor getPreProcessor() {
		return this.preProcessor;
	}

	@Override
	public List<String> getLabels() {
		return null;
	}

}
