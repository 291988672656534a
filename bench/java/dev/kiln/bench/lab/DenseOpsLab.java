package dev.kiln.bench.lab;

import dev.kiln.engine.EngineSettings;
import dev.kiln.engine.NativeRuntime;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The ops of a dense layer's training step one by one, on the 5-layer MLP's first layer
 * (100 x 784 into 200), in the memory orders DL4J gives them; microseconds per call.
 */
public final class DenseOpsLab {

	public static void main(String[] args) {
		NativeRuntime.prepareProcess();
		NativeRuntime.configure(new EngineSettings(true, 1));
		NativeRuntime.useThreads(1);
		int batch = 100;
		int in = args.length > 0 ? Integer.parseInt(args[0]) : 784;
		int out = args.length > 1 ? Integer.parseInt(args[1]) : 200;
		INDArray input = Nd4j.rand(DataType.FLOAT, batch, in);
		INDArray weights = Nd4j.rand(DataType.FLOAT, in, out).dup('f');
		INDArray bias = Nd4j.rand(DataType.FLOAT, out);
		INDArray productF = Nd4j.create(DataType.FLOAT, new long[] { batch, out }, 'f');
		INDArray productC = Nd4j.create(DataType.FLOAT, new long[] { batch, out }, 'c');
		INDArray z = Nd4j.create(DataType.FLOAT, new long[] { batch, out }, 'c');
		INDArray delta = Nd4j.rand(DataType.FLOAT, batch, out);
		INDArray weightGradient = Nd4j.create(DataType.FLOAT, new long[] { in, out }, 'f');
		INDArray weightGradientC = Nd4j.create(DataType.FLOAT, new long[] { in, out }, 'c');
		INDArray inputGradientF = Nd4j.create(DataType.FLOAT, new long[] { in, batch }, 'f');
		INDArray inputGradientC = Nd4j.create(DataType.FLOAT, new long[] { batch, in }, 'c');
		for (int round = 0; round < 3; round++) {
			DispatchLab.time("product into f", () -> Nd4j.gemm(input, weights, productF, false, false, 1.0, 0.0));
			DispatchLab.time("product into c", () -> Nd4j.gemm(input, weights, productC, false, false, 1.0, 0.0));
			DispatchLab.time("bias add f -> c", () -> z.assign(productF).addiRowVector(bias));
			DispatchLab.time("assign f -> c", () -> z.assign(productF));
			DispatchLab.time("bias add c in place", () -> productC.addiRowVector(bias));
			DispatchLab.time("weight gradient (input^T delta) into f",
					() -> Nd4j.gemm(input, delta, weightGradient, true, false, 1.0, 0.0));
			DispatchLab.time("weight gradient into c",
					() -> Nd4j.gemm(input, delta, weightGradientC, true, false, 1.0, 0.0));
			DispatchLab.time("weight gradient as (delta^T input)^T: into the f view transposed",
					() -> Nd4j.gemm(delta, input, weightGradient.transpose(), true, false, 1.0, 0.0));
			DispatchLab.time("input gradient as DL4J: W delta^T into f",
					() -> Nd4j.gemm(weights, delta, inputGradientF, false, true, 1.0, 0.0));
			DispatchLab.time("input gradient delta W^T into c",
					() -> Nd4j.gemm(delta, weights, inputGradientC, false, true, 1.0, 0.0));
		}
	}

}
