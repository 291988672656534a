package dev.kiln.engine;

import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.ActivationLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.DropoutLayer;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.layers.LossLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Whether ND4J runs its ops through its platform helpers (oneDNN on this build), decided
 * by what trains. Convolutions need them: without oneDNN they run several times slower.
 * Dense networks train faster without: their small matrix products then go straight to
 * OpenBLAS, and oneDNN's per-call set-up, which dominates at these sizes, is skipped
 * (1.36x samples/s for the 5-layer MLP, measured side by side; see docs/benchmarks.md).
 * <p>
 * The switch is process-wide, as ND4J's is: helpers are off while only dense networks
 * train, and on whenever a network that needs them trains or nothing trains (so that
 * predictions of convolutional models keep oneDNN between jobs). A dense network that
 * trains next to a convolutional one on a node with several workers therefore runs part
 * of its steps through oneDNN, which changes its results in the last bits, not its
 * accuracy.
 */
public final class PlatformHelpers {

	private static int training;

	private static int needingHelpers;

	private PlatformHelpers() {
	}

	/** Taken while a network trains; closing it gives the switch back. */
	public interface Lease extends AutoCloseable {

		@Override
		void close();

	}

	/** Takes the switch for a network about to train on the calling thread. */
	public static Lease train(MultiLayerConfiguration configuration) {
		boolean needs = needsHelpers(configuration);
		synchronized (PlatformHelpers.class) {
			training++;
			if (needs) {
				needingHelpers++;
			}
			apply();
		}
		return new Lease() {

			private boolean closed;

			@Override
			public void close() {
				synchronized (PlatformHelpers.class) {
					if (this.closed) {
						return;
					}
					this.closed = true;
					training--;
					if (needs) {
						needingHelpers--;
					}
					apply();
				}
			}

		};
	}

	/** Whether ND4J's platform helpers are on now. */
	public static boolean active() {
		NativeRuntime.settings();
		return Nd4j.getEnvironment().helpersAllowed();
	}

	/**
	 * Whether a network has layers that oneDNN speeds up: anything but dense, output,
	 * activation, dropout and loss layers.
	 */
	static boolean needsHelpers(MultiLayerConfiguration configuration) {
		for (NeuralNetConfiguration layer : configuration.getConfs()) {
			Layer conf = layer.getLayer();
			if (!(conf instanceof DenseLayer || conf instanceof OutputLayer || conf instanceof ActivationLayer
					|| conf instanceof DropoutLayer || conf instanceof LossLayer)) {
				return true;
			}
		}
		return false;
	}

	private static void apply() {
		NativeRuntime.settings();
		Nd4j.getEnvironment().allowHelpers(training == 0 || needingHelpers > 0);
	}

}
