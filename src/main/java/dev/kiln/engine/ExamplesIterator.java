package dev.kiln.engine;

import java.util.List;
import java.util.NoSuchElementException;
import java.util.Random;

import dev.kiln.engine.cpu.HostMinibatches;

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
 * A minibatch is valid until the next call to {@code next}, which frees its arrays or
 * reuses them: fresh arrays per minibatch left to the garbage collector sat in native
 * memory until it got to them, which on a large, quiet heap doubled a job's memory
 * outside the heap. With {@link Accelerations} active, rows are copied straight into the
 * native memory of two arrays reused for every minibatch ({@link HostMinibatches});
 * otherwise each minibatch is made through ND4J's ordinary API, which every backend runs.
 */
final class ExamplesIterator implements DataSetIterator {

	private final Examples examples;

	private final int[] order;

	private final int batchSize;

	private int cursor;

	private DataSetPreProcessor preProcessor;

	/** Where minibatches are written when accelerated, else null. */
	private final HostMinibatches host;

	/** The last minibatch made through ND4J's API, freed by the next call. */
	private DataSet last;

	ExamplesIterator(Examples examples, int[] order, int batchSize, boolean accelerated) {
		if (batchSize <= 0) {
			throw new IllegalArgumentException("batchSize must be positive, was " + batchSize);
		}
		this.examples = examples;
		this.order = order;
		this.batchSize = batchSize;
		this.host = accelerated ? new HostMinibatches() : null;
	}

	/**
	 * The rows in their stored order.
	 * @param accelerated whether Kiln's CPU implementations are active
	 * ({@link Accelerations#active()})
	 */
	static ExamplesIterator inOrder(Examples examples, int batchSize, boolean accelerated) {
		return new ExamplesIterator(examples, identity(examples.count()), batchSize, accelerated);
	}

	private static int[] identity(int count) {
		int[] order = new int[count];
		for (int i = 0; i < order.length; i++) {
			order[i] = i;
		}
		return order;
	}

	/**
	 * The rows shuffled for one epoch. The order depends only on {@code seed} and
	 * {@code epoch}, so a resumed run sees the same order as an uninterrupted one.
	 */
	static ExamplesIterator shuffled(Examples examples, int batchSize, long seed, int epoch, boolean accelerated) {
		int[] order = identity(examples.count());
		Random random = new Random(epochSeed(seed, epoch));
		for (int i = order.length - 1; i > 0; i--) {
			int j = random.nextInt(i + 1);
			int swap = order[i];
			order[i] = order[j];
			order[j] = swap;
		}
		return new ExamplesIterator(examples, order, batchSize, accelerated);
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
		int[] labels = this.examples.labels();
		for (int r = 0; r < rows; r++) {
			int row = this.order[this.cursor + r];
			if (labels[row] < 0 || labels[row] >= classes) {
				throw new IllegalArgumentException(
						"row " + row + " has label " + labels[row] + ", outside [0, " + classes + ")");
			}
		}
		DataSet dataSet;
		if (this.host != null) {
			dataSet = this.host.write(source, labels, this.order, this.cursor, rows, width, classes);
		}
		else {
			free(this.last);
			float[] features = new float[rows * width];
			float[] oneHot = new float[rows * classes];
			for (int r = 0; r < rows; r++) {
				int row = this.order[this.cursor + r];
				System.arraycopy(source, row * width, features, r * width, width);
				oneHot[r * classes + labels[row]] = 1f;
			}
			dataSet = new DataSet(Nd4j.create(features, new long[] { rows, width }, 'c'),
					Nd4j.create(oneHot, new long[] { rows, classes }, 'c'));
			this.last = dataSet;
		}
		this.cursor += rows;
		if (this.preProcessor != null) {
			this.preProcessor.preProcess(dataSet);
		}
		return dataSet;
	}

	/**
	 * Frees a minibatch's arrays now rather than when the garbage collector gets to them.
	 */
	private static void free(DataSet dataSet) {
		if (dataSet != null) {
			for (INDArray array : new INDArray[] { dataSet.getFeatures(), dataSet.getLabels() }) {
				if (array != null && array.closeable()) {
					array.close();
				}
			}
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
