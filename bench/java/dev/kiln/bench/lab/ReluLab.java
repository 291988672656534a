package dev.kiln.bench.lab;

import dev.kiln.engine.EngineSettings;
import dev.kiln.engine.NativeRuntime;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.scalar.Step;
import org.nd4j.linalg.api.ops.impl.scalar.RectifiedLinearDerivative;
import org.nd4j.linalg.factory.Nd4j;

/** ReLU's backward pass two ways on the CNN's first activation, one native thread. */
public final class ReluLab {

	public static void main(String[] args) {
		NativeRuntime.prepareProcess();
		NativeRuntime.configure(new EngineSettings(true, 1));
		NativeRuntime.useThreads(1);
		for (long[] shape : new long[][] { { 100, 6, 28, 28 }, { 100, 1176 }, { 100, 200 }, { 100, 30 } }) {
			INDArray in = Nd4j.randn(DataType.FLOAT, shape);
			// exact zeros, as a pre-activation over black pixels with a zero bias has
			in.reshape(in.length()).get(org.nd4j.linalg.indexing.NDArrayIndex.interval(0, in.length() / 4)).assign(0);
			INDArray epsilon = Nd4j.randn(DataType.FLOAT, shape);
			INDArray a = Nd4j.exec(new RectifiedLinearDerivative(in, epsilon, in.ulike(), 0.0))[0];
			INDArray b = Nd4j.exec(new Step(in, in.ulike(), 0.0)).muli(epsilon);
			System.out.println(java.util.Arrays.toString(shape) + " equal: " + a.equals(b));
			for (int round = 0; round < 3; round++) {
				int n = 2000;
				INDArray out = in.ulike();
				long start = System.nanoTime();
				for (int i = 0; i < n; i++) {
					Nd4j.exec(new RectifiedLinearDerivative(in, epsilon, out, 0.0));
				}
				double reluBp = (System.nanoTime() - start) / 1e3 / n;
				start = System.nanoTime();
				for (int i = 0; i < n; i++) {
					Nd4j.exec(new Step(in, out, 0.0));
					out.muli(epsilon);
				}
				double stepMul = (System.nanoTime() - start) / 1e3 / n;
				System.out.printf("  relu_bp %.1f us, step+mul %.1f us%n", reluBp, stepMul);
			}
		}
	}

}
