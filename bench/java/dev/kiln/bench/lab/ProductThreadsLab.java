package dev.kiln.bench.lab;

import dev.kiln.engine.EngineSettings;
import dev.kiln.engine.NativeRuntime;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.DynamicCustomOp;
import org.nd4j.linalg.api.ops.OpContext;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.nativeblas.NativeOps;
import org.nd4j.nativeblas.NativeOpsHolder;

/**
 * The sigmoid MLP's row-major products (libnd4j's {@code matmul} through a prepared
 * context, as the engine runs them, hence oneDNN) on one OpenMP thread and on two,
 * alternated: with {@code -Dfixed=true} the count is set once per measurement, else it
 * is raised to two and lowered again around every product, as a training thread that
 * otherwise runs on one would have to. Arguments: rounds (default 3).
 */
public final class ProductThreadsLab {

	/** rows x inner x columns, and whether the first operand is transposed. */
	private static final int[][] SHAPES = { { 100, 784, 200, 0 }, { 784, 100, 200, 1 }, { 100, 200, 100, 0 },
			{ 200, 100, 100, 1 } };

	private static final NativeOps OPS = NativeOpsHolder.getInstance().getDeviceNativeOps();

	private ProductThreadsLab() {
	}

	public static void main(String[] args) {
		NativeRuntime.prepareProcess();
		NativeRuntime.configure(new EngineSettings(true, 0));
		NativeRuntime.useThreads(1);
		boolean fixed = Boolean.getBoolean("fixed");
		int rounds = (args.length > 0) ? Integer.parseInt(args[0]) : 3;
		for (int round = 0; round < rounds; round++) {
			for (int[] shape : SHAPES) {
				StringBuilder line = new StringBuilder();
				for (int threads : new int[] { 1, 2, 1, 2 }) {
					line.append(String.format("  %d thread(s) %7.1f us", threads, microseconds(shape, threads, fixed)));
				}
				System.out.printf("round %d  %dx%d * %dx%d%s%n", round, shape[0], shape[1], shape[1], shape[2], line);
			}
		}
	}

	private static double microseconds(int[] shape, int threads, boolean fixed) {
		boolean transposed = shape[3] == 1;
		INDArray a = transposed ? Nd4j.rand(DataType.FLOAT, shape[1], shape[0])
				: Nd4j.rand(DataType.FLOAT, shape[0], shape[1]);
		INDArray b = Nd4j.rand(DataType.FLOAT, shape[1], shape[2]);
		INDArray out = Nd4j.create(DataType.FLOAT, new long[] { shape[0], shape[2] }, 'c');
		DynamicCustomOp op = DynamicCustomOp.builder("matmul").build();
		OpContext context = Nd4j.getExecutioner().buildContext();
		context.setIArguments(shape[3], 0, 0);
		context.setTArguments(1.0, 0.0);
		context.setInputArray(0, a);
		context.setInputArray(1, b);
		context.setOutputArray(0, out);
		if (fixed) {
			OPS.setOmpNumThreads(threads);
		}
		int around = fixed ? 1 : threads;
		for (int i = 0; i < 50; i++) {
			run(op, context, around);
		}
		int n = 400;
		long start = System.nanoTime();
		for (int i = 0; i < n; i++) {
			run(op, context, around);
		}
		double result = (System.nanoTime() - start) / 1000.0 / n;
		OPS.setOmpNumThreads(1);
		return result;
	}

	private static void run(DynamicCustomOp op, OpContext context, int threads) {
		if (threads > 1) {
			OPS.setOmpNumThreads(threads);
		}
		Nd4j.getExecutioner().exec(op, context);
		if (threads > 1) {
			OPS.setOmpNumThreads(1);
		}
	}

}
