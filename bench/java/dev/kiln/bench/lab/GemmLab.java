package dev.kiln.bench.lab;

import dev.kiln.engine.EngineSettings;
import dev.kiln.engine.NativeRuntime;

import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.openblas.global.openblas_nolapack;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * ND4J's matrix product on the 5-layer MLP's shapes (batch 100), one native thread;
 * compare with {@code bench/java/dev/kiln/bench/lab/gemm.py} (PyTorch) for the same
 * shapes.
 */
public final class GemmLab {

	static final int[][] SHAPES = { { 100, 784, 200 }, { 100, 200, 100 }, { 100, 100, 60 }, { 100, 60, 30 },
			{ 100, 30, 10 }, { 784, 100, 200 }, { 100, 200, 784 } };

	public static void main(String[] args) {
		NativeRuntime.prepareProcess();
		NativeRuntime.configure(new EngineSettings(true, 1));
		NativeRuntime.useThreads(1);
		for (int[] shape : SHAPES) {
			INDArray a = Nd4j.rand(DataType.FLOAT, shape[0], shape[1]);
			INDArray b = Nd4j.rand(DataType.FLOAT, shape[1], shape[2]);
			INDArray c = Nd4j.create(DataType.FLOAT, shape[0], shape[2]);
			for (int i = 0; i < 500; i++) {
				Nd4j.gemm(a, b, c, false, false, 1.0, 0.0);
			}
			int n = 3000;
			long start = System.nanoTime();
			for (int i = 0; i < n; i++) {
				Nd4j.gemm(a, b, c, false, false, 1.0, 0.0);
			}
			double seconds = (System.nanoTime() - start) / 1e9 / n;
			INDArray direct = Nd4j.create(DataType.FLOAT, shape[0], shape[2]);
			FloatPointer pa = new FloatPointer(a.data().addressPointer());
			FloatPointer pb = new FloatPointer(b.data().addressPointer());
			for (int i = 0; i < 500; i++) {
				FloatPointer pc = new FloatPointer(direct.data().addressPointer());
				openblas_nolapack.cblas_sgemm(101, 111, 111, shape[0], shape[2], shape[1], 1f, pa, shape[1], pb,
						shape[2], 0f, pc, shape[2]);
			}
			start = System.nanoTime();
			for (int i = 0; i < n; i++) {
				FloatPointer pc = new FloatPointer(direct.data().addressPointer());
				openblas_nolapack.cblas_sgemm(101, 111, 111, shape[0], shape[2], shape[1], 1f,
						new FloatPointer(a.data().addressPointer()), shape[1], new FloatPointer(b.data().addressPointer()),
						shape[2], 0f, pc, shape[2]);
			}
			double directSeconds = (System.nanoTime() - start) / 1e9 / n;
			System.out.printf("%dx%dx%d: %.1f us  %.1f GFLOPS; cblas_sgemm directly %.1f us, identical %s%n", shape[0],
					shape[1], shape[2], seconds * 1e6, 2.0 * shape[0] * shape[1] * shape[2] / seconds / 1e9,
					directSeconds * 1e6, direct.equals(c) && java.util.Arrays.equals(direct.data().asFloat(), c.data().asFloat()));
		}
	}

}
