package dev.kiln.engine.cpu;

import java.util.function.IntConsumer;

import dev.kiln.engine.EngineSettings;
import dev.kiln.engine.NativeRuntime;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.updaters.AdamUpdater;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;

/**
 * ND4J's {@code adam_updater} op on the 5-layer MLP's 185,300 parameters, one native
 * thread: with every array in the same order (its fast loop), and with the gradient in
 * another order than the state (its per-element index arithmetic). With the argument
 * {@code heap}: DL4J's Adam updater against the engine's {@link HeapAdamUpdater} on the
 * same state, alternating. A lab (compiled with {@code -Plabs}) in the engine's package,
 * since {@link HeapAdamUpdater} is the engine's own.
 */
public final class AdamLab {

	public static void main(String[] args) {
		NativeRuntime.prepareProcess();
		NativeRuntime.configure(new EngineSettings(true, 1));
		NativeRuntime.useThreads(1);
		int n = 185_300;
		if (args.length > 0 && args[0].equals("heap")) {
			heap(n);
			return;
		}
		INDArray state = Nd4j.zeros(DataType.FLOAT, 1, 2 * n);
		INDArray m = state.get(org.nd4j.linalg.indexing.NDArrayIndex.point(0),
				org.nd4j.linalg.indexing.NDArrayIndex.interval(0, n)).reshape(1, n);
		INDArray v = state.get(org.nd4j.linalg.indexing.NDArrayIndex.point(0),
				org.nd4j.linalg.indexing.NDArrayIndex.interval(n, 2 * n)).reshape(1, n);
		INDArray gradientC = Nd4j.rand(DataType.FLOAT, 1, n);
		INDArray gradientF = gradientC.dup('f');
		System.out.println("m " + m.ordering() + " ews " + m.elementWiseStride() + ", v " + v.ordering()
				+ ", gradient f " + gradientF.ordering());
		for (int round = 0; round < 4; round++) {
			for (INDArray gradient : new INDArray[] { gradientC, gradientF }) {
				// a fresh gradient per call, as in training (the op writes the update over
				// it; applied to its own output, values would shrink into subnormals)
				INDArray fresh = gradient.dup(gradient.ordering());
				double micros = microsPerUpdate(gradient, fresh, 2000,
						(i) -> Nd4j.exec(new AdamUpdater(gradient, v, m, 1e-3, 0.9, 0.999, 1e-8, i)));
				System.out.printf("gradient %s: adam_updater %.1f us (the assign before it taken off)%n",
						gradient.ordering(), micros);
			}
		}
	}

	/**
	 * Microseconds per {@code update(i)}, each after the gradient is reset to
	 * {@code fresh} (the update writes over it), with the reset's own time taken off.
	 */
	private static double microsPerUpdate(INDArray gradient, INDArray fresh, int calls, IntConsumer update) {
		long start = System.nanoTime();
		for (int i = 0; i < calls; i++) {
			gradient.assign(fresh);
		}
		double assign = (System.nanoTime() - start) / 1e3 / calls;
		start = System.nanoTime();
		for (int i = 0; i < calls; i++) {
			gradient.assign(fresh);
			update.accept(i);
		}
		return (System.nanoTime() - start) / 1e3 / calls - assign;
	}

	private static void heap(int n) {
		Adam config = new Adam(1e-3);
		org.nd4j.linalg.learning.AdamUpdater dl4j = (org.nd4j.linalg.learning.AdamUpdater) config
			.instantiate(Nd4j.zeros(DataType.FLOAT, 1, 2 * n), true);
		HeapAdamUpdater heap = new HeapAdamUpdater(
				(org.nd4j.linalg.learning.AdamUpdater) config.instantiate(Nd4j.zeros(DataType.FLOAT, 1, 2 * n), true));
		INDArray fresh = Nd4j.rand(DataType.FLOAT, n).subi(0.5);
		INDArray gradient = fresh.dup();
		for (int round = 0; round < 5; round++) {
			double native_ = microsPerUpdate(gradient, fresh, 1000, (i) -> dl4j.applyUpdater(gradient, i, 0));
			double java = microsPerUpdate(gradient, fresh, 1000, (i) -> heap.applyUpdater(gradient, i, 0));
			System.out.printf("libnd4j's adam_updater %.1f us, HeapAdamUpdater %.1f us (the assign before each taken off)%n",
					native_, java);
		}
	}

}
