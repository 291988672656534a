package dev.kiln.engine.cpu;

import java.nio.FloatBuffer;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Minibatches written straight into the native memory of arrays made once: a bulk copy
 * per row through NIO views of that memory, where {@code Nd4j.create(float[])} would copy
 * into fresh arrays. A minibatch is valid until the next {@link #write}. CPU backend
 * only: on CUDA the device would never see what is written to host memory this way.
 */
public final class HostMinibatches {

	/** The arrays the last minibatch was written into, and the other size's, if any. */
	private Buffers buffers;

	private Buffers spare;

	public HostMinibatches() {
		CpuAccelerations.requireCpuBackend();
	}

	/**
	 * Rows {@code order[from]} to {@code order[from + rows - 1]} of {@code source} (rows
	 * of {@code width} values) with their one-hot {@code labels} (each already checked to
	 * be in {@code [0, classes)}).
	 */
	public DataSet write(float[] source, int[] labels, int[] order, int from, int rows, int width, int classes) {
		Buffers target = buffers(rows, width, classes);
		FloatBuffer featureMemory = target.featureMemory();
		FloatBuffer labelMemory = target.labelMemory();
		labelMemory.put(0, target.zeros());
		for (int r = 0; r < rows; r++) {
			int row = order[from + r];
			featureMemory.put(r * width, source, row * width, width);
			labelMemory.put(r * classes + labels[row], 1f);
		}
		return new DataSet(target.features(), target.labels());
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

}
