package dev.kiln.spec;

import java.time.Duration;
import java.util.List;

import org.deeplearning4j.nn.conf.MultiLayerConfiguration;

/**
 * A valid spec with its defaults applied, compiled to a DL4J configuration.
 *
 * @param estimatedMemoryBytes training memory for one minibatch (parameters, gradients,
 * updater state and activations), as DL4J's memory report estimates it
 */
public record CompiledSpec(MultiLayerConfiguration configuration, List<LayerSummary> layers, long parameters,
		long estimatedMemoryBytes, Settings settings) {

	/**
	 * The training settings with every default filled in.
	 *
	 * @param device {@code gpu}, {@code cpu} or {@code any}: the nodes that may claim the
	 * job
	 */
	public record Settings(int epochs, int batchSize, long seed, double validationFraction, double testFraction,
			long splitSeed, String normalization, int checkpointEvery, int keepLast, String checkpointMetric,
			Stopping stopping, String device) {
	}

	/**
	 * The stop conditions; each null when the spec sets none.
	 */
	public record Stopping(Duration maxRuntime, Duration maxQueueWait, EarlyStopping earlyStopping) {

		public static final Stopping NONE = new Stopping(null, null, null);

	}

	/**
	 * @param metric {@code validationLoss} or {@code validationAccuracy}
	 */
	public record EarlyStopping(String metric, int patience, double minDelta) {

		/** Whether a higher value of the metric is better. */
		public boolean higherIsBetter() {
			return "validationAccuracy".equals(this.metric);
		}

	}

}
