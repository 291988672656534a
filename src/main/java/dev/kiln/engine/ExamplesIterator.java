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
 * <p>
 * A minibatch is valid until the next call to {@code next}: the rows are written into the
 * same native arrays every time (as DL4J's own prefetch reuses its workspace). Fresh
 * arrays per minibatch sat in native memory until the garbage collector got to them,
 * which on a large, quiet heap doubled a job's memory outside the heap.
 */
final class ExamplesIterator implements DataSetIterator {

	private final Examples examples;

	private final int[] order;

	private final int batchSize;

	private int cursor;

	private DataSetPreProcessor preProcessor;

	/** The arrays the last minibatch was written into, and the other size's, if any. */
	private Buffers buffers;

	private Buffers spare;

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
		Buffers buffers = buffers(rows, width, classes);
		// rows are copied straight into the arrays' native memory, one bulk copy each:
		// Nd4j.create(float[]) would copy value by value
		FloatBuffer featureMemory = buffers.featureMemory();
		FloatBuffer labelMemory = buffers.labelMemory();
		labelMemory.put(0, buffers.zeros());
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
		DataSet dataSet = new DataSet(buffers.features(), buffers.labels());
		if (this.preProcessor != null) {
			this.preProcessor.preProcess(dataSet);
		}
		return dataSet;
	}

	/**
	 * The arrays for minibatches of {@code rows} rows, made on first use. A full and a
	 * last, partial minibatch are the only sizes an epoch asks for.
	 */
	private Buffers buffers(int rows, int width, int classes) {
		Buffers current = this.buffers;
		if (current == null || current.features().rows() != rows) {
			current = (this.spare != null && this.spare.features().rows() == rows) ? this.spare
					: Buffers.of(rows, width, classes);
			this.spare = this.buffers;
			this.buffers = current;
		}
		return current;
	}

	/**
	 * A minibatch's arrays in native memory, their memory as NIO buffers, and the zeros
	 * that clear its labels.
	 */
	private record Buffers(INDArray features, INDArray labels, FloatBuffer featureMemory, FloatBuffer labelMemory,
			float[] zeros) {

		static Buffers of(int rows, int width, int classes) {
			INDArray features = Nd4j.createUninitialized(DataType.FLOAT, rows, width);
			INDArray labels = Nd4j.createUninitialized(DataType.FLOAT, rows, classes);
			return new Buffers(features, labels, features.data().asNioFloat(), labels.data().asNioFloat(),
					new float[rows * classes]);
		}

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
