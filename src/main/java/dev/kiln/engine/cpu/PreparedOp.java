package dev.kiln.engine.cpu;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.CustomOp;
import org.nd4j.linalg.api.ops.DynamicCustomOp;
import org.nd4j.linalg.api.ops.OpContext;
import org.nd4j.linalg.factory.Nd4j;

/**
 * One of libnd4j's ops with its arguments, prepared once with a native op context and run
 * again with each step's arrays.
 * <p>
 * Why: for a small layer ND4J's usual way to run an op costs more than its arithmetic. It
 * builds an op object, asks libnd4j for the output's shape, creates a native context and
 * sets every argument on it, then frees it: about 10-20 µs per call, against 1-3 µs here
 * (docs/profiling.md). The kernel is the same, so are the results.
 * <p>
 * Not thread-safe: the context holds the arrays of the call in progress. One thread uses
 * an instance at a time ({@link DenseOps} keeps one set per thread).
 */
final class PreparedOp {

	private final CustomOp op;

	private final OpContext context;

	private PreparedOp(String name, long[] integerArguments, double[] floatingPointArguments,
			boolean[] booleanArguments) {
		this.op = DynamicCustomOp.builder(name).build();
		this.context = Nd4j.getExecutioner().buildContext();
		this.context.setIArguments(integerArguments);
		this.context.setTArguments(floatingPointArguments);
		this.context.setBArguments(booleanArguments);
	}

	/**
	 * {@code output = a x b}, either operand transposed first (libnd4j's {@code matmul},
	 * what {@code INDArray.mmuli} and {@code Nd4j.gemm} run).
	 */
	static PreparedOp product(boolean transposeA, boolean transposeB) {
		return new PreparedOp("matmul", new long[] { transposeA ? 1 : 0, transposeB ? 1 : 0, 0 },
				new double[] { 1.0, 0.0 }, new boolean[0]);
	}

	/** {@code output = a + b}, {@code b} broadcast along the rows of {@code a}. */
	static PreparedOp addition() {
		return new PreparedOp("add", new long[0], new double[0], new boolean[0]);
	}

	/**
	 * {@code output = max(0, a)} (libnd4j's {@code relu}: the scalar loop DL4J's ReLU
	 * runs).
	 */
	static PreparedOp relu() {
		return new PreparedOp("relu", new long[0], new double[] { 0.0 }, new boolean[0]);
	}

	/**
	 * {@code output = 1 / (1 + exp(-a))} (libnd4j's {@code sigmoid}: the loop DL4J's
	 * sigmoid runs).
	 */
	static PreparedOp sigmoid() {
		return new PreparedOp("sigmoid", new long[0], new double[0], new boolean[0]);
	}

	/** {@code output = a * b}, element by element. */
	static PreparedOp multiplication() {
		return new PreparedOp("multiply", new long[0], new double[0], new boolean[0]);
	}

	/**
	 * {@code output} (a vector) = the sum of each column of {@code a} (libnd4j's
	 * {@code reduce_sum} over dimension 0).
	 */
	static PreparedOp columnSums() {
		return new PreparedOp("reduce_sum", new long[] { 0 }, new double[0], new boolean[] { false });
	}

	/** Runs the op on one input. */
	INDArray run(INDArray output, INDArray a) {
		this.context.setInputArray(0, a);
		return run(output);
	}

	/** Runs the op on two inputs. */
	INDArray run(INDArray output, INDArray a, INDArray b) {
		this.context.setInputArray(0, a);
		this.context.setInputArray(1, b);
		return run(output);
	}

	private INDArray run(INDArray output) {
		this.context.setOutputArray(0, output);
		Nd4j.getExecutioner().exec(this.op, this.context);
		return output;
	}

}
