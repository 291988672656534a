package dev.kiln.engine.cpu;

import java.util.List;
import java.util.Map;

import org.deeplearning4j.nn.api.Updater;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.updater.MultiLayerUpdater;
import org.deeplearning4j.nn.updater.UpdaterBlock;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.deeplearning4j.util.CrashReportingUtil;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.AdamUpdater;

/**
 * DL4J's updater for a {@link MultiLayerNetwork}, handed the network's gradient as the
 * network's own array.
 * <p>
 * Why: {@code BaseMultiLayerUpdater} takes its direct path only when the gradient's array
 * is the very object of the network's flattened gradient view; otherwise it treats the
 * gradient as another network's. In DL4J 1.0.0-M2.1 {@code DefaultGradient.gradient()}
 * returns a new reshaped view on every call, so every training step took the other path:
 * views of the parameters and gradients cut afresh for every variable, twice, and the
 * gradients' minibatch division subsets worked out again, about a hundred arrays per
 * step, each with its native shape buffer and deallocation record. The direct path does
 * the same arithmetic on the same memory, so training is bit-identical.
 */
public final class OwnGradientUpdater extends MultiLayerUpdater {

	private static final long serialVersionUID = 1L;

	private OwnGradientUpdater(MultiLayerNetwork network, INDArray state) {
		super(network, state);
		if (!Nd4j.getEnvironment().isCPU()) {
			// on a GPU the arrays live in device memory: libnd4j's op runs there
			return;
		}
		for (UpdaterBlock block : this.updaterBlocks) {
			if (block.getGradientUpdater() instanceof AdamUpdater adam) {
				block.setGradientUpdater(new HeapAdamUpdater(adam));
			}
		}
	}

	/**
	 * Gives {@code network} this updater, keeping the state of the one it has (an Adam
	 * updater's moments, restored from a checkpoint or fresh).
	 */
	public static void install(MultiLayerNetwork network) {
		try {
			Updater current = network.getUpdater();
			if (!(current instanceof OwnGradientUpdater)) {
				network.setUpdater(new OwnGradientUpdater(network, current.getStateViewArray()));
			}
		}
		catch (OutOfMemoryError ex) {
			// the updater's state is made here, before fit, whose own handler would write
			// DL4J's memory report for a network that does not fit
			CrashReportingUtil.writeMemoryCrashDump(network, ex);
			throw ex;
		}
	}

	@Override
	public synchronized void update(Gradient gradient, int iteration, int epoch, int batchSize,
			LayerWorkspaceMgr workspaceMgr) {
		super.update(asOwn(gradient), iteration, epoch, batchSize, workspaceMgr);
	}

	/**
	 * The gradient, answering the network's own view if it is a view of the same memory.
	 */
	Gradient asOwn(Gradient gradient) {
		INDArray own = getFlattenedGradientsView();
		INDArray given = gradient.gradient();
		if (given == own || !sameMemory(given, own)) {
			return gradient;
		}
		return new WithFlattened(gradient, own);
	}

	static boolean sameMemory(INDArray a, INDArray b) {
		return a.length() == b.length() && a.elementWiseStride() == 1 && b.elementWiseStride() == 1
				&& a.dataType() == b.dataType()
				&& a.data().addressPointer().address() == b.data().addressPointer().address()
				&& a.offset() == b.offset();
	}

	/** A gradient whose flattened array is the network's own view. */
	private record WithFlattened(Gradient delegate, INDArray flattened) implements Gradient {

		@Override
		public Map<String, INDArray> gradientForVariable() {
			return this.delegate.gradientForVariable();
		}

		@Override
		public INDArray gradient(List<String> order) {
			return this.delegate.gradient(order);
		}

		@Override
		public INDArray gradient() {
			return this.flattened;
		}

		@Override
		public void clear() {
			this.delegate.clear();
		}

		@Override
		public INDArray getGradientFor(String variable) {
			return this.delegate.getGradientFor(variable);
		}

		@Override
		public INDArray setGradientFor(String variable, INDArray newGradient) {
			return this.delegate.setGradientFor(variable, newGradient);
		}

		@Override
		public INDArray setGradientFor(String variable, INDArray newGradient, Character flatteningOrder) {
			return this.delegate.setGradientFor(variable, newGradient, flatteningOrder);
		}

		@Override
		public Character flatteningOrderForVariable(String variable) {
			return this.delegate.flatteningOrderForVariable(variable);
		}

	}

}
