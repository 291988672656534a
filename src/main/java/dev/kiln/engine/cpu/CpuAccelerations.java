package dev.kiln.engine.cpu;

import java.util.List;

import org.deeplearning4j.nn.conf.InputPreProcessor;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.dropout.Dropout;
import org.deeplearning4j.nn.conf.dropout.IDropout;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.LSTM;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.wrapper.BaseWrapperLayer;
import org.deeplearning4j.nn.conf.preprocessor.FeedForwardToCnnPreProcessor;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.activations.impl.ActivationReLU;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.shade.jackson.databind.ObjectMapper;
import org.nd4j.shade.jackson.databind.node.ObjectNode;

/**
 * Swaps Kiln's CPU implementations into a network built from DL4J's own configuration
 * classes. Each swap keeps the stock class's settings and parameter layout, so the
 * accelerated network trains to the same values up to float rounding (dropout masks are
 * other draws) and is written back as the stock configuration. Only for ND4J's CPU
 * backend: these implementations read and write host memory directly.
 * <ul>
 * <li>{@link DenseLayer} and {@link OutputLayer} become {@link CachingDenseLayer} and
 * {@link CachingOutputLayer}; as the first layer taking the input as it is, they skip the
 * gradient with respect to it.</li>
 * <li>A first {@link ConvolutionLayer} behind DL4J's flat-to-image preprocessor becomes
 * an {@link InputConvolutionLayer} behind a {@link FlatToImagePreProcessor}.</li>
 * <li>Plain ReLU on dense, output, convolution and LSTM layers becomes
 * {@link ReluActivation}; {@link Dropout} without a schedule becomes
 * {@link HeapMaskDropout}.</li>
 * <li>Adam runs in Java and the updater takes the network's own gradient view
 * ({@link #installUpdater}).</li>
 * </ul>
 */
public final class CpuAccelerations {

	private CpuAccelerations() {
	}

	/** A copy of {@code stock} with Kiln's implementations where they apply. */
	public static MultiLayerConfiguration accelerate(MultiLayerConfiguration stock) {
		requireCpuBackend();
		MultiLayerConfiguration configuration = stock.clone();
		List<NeuralNetConfiguration> confs = configuration.getConfs();
		for (int i = 0; i < confs.size(); i++) {
			confs.get(i).setLayer(layer(confs.get(i).getLayer(), i, configuration.getInputPreProcess(i)));
		}
		if (confs.isEmpty()) {
			return configuration;
		}
		InputPreProcessor first = configuration.getInputPreProcess(0);
		if (confs.get(0).getLayer() instanceof InputConvolutionLayer
				&& first instanceof FeedForwardToCnnPreProcessor images) {
			configuration.getInputPreProcessors()
				.put(0, new FlatToImagePreProcessor(images.getInputHeight(), images.getInputWidth(),
						images.getNumChannels()));
		}
		else if (first == null && confs.get(0).getLayer() instanceof SkipsInputGradient skips) {
			// behind a preprocessor DL4J passes the input gradient through its backward
			// pass; without one nothing reads it
			skips.setInputGradient(false);
		}
		return configuration;
	}

	/**
	 * Gives a network built or loaded from an {@link #accelerate accelerated}
	 * configuration Kiln's updater, keeping the state it has (an Adam updater's moments,
	 * restored from a checkpoint or fresh).
	 */
	public static void installUpdater(MultiLayerNetwork network) {
		requireCpuBackend();
		OwnGradientUpdater.install(network);
	}

	/**
	 * Fails loudly where these implementations would read memory the device never saw.
	 */
	static void requireCpuBackend() {
		if (!Nd4j.getEnvironment().isCPU()) {
			throw new IllegalStateException("Kiln's CPU implementations need ND4J's CPU backend, not "
					+ Nd4j.getBackend().getClass().getSimpleName());
		}
	}

	private static Layer layer(Layer layer, int index, InputPreProcessor preProcessor) {
		Layer runtime = layer;
		if (layer.getClass() == DenseLayer.class) {
			runtime = copy(layer, CachingDenseLayer.class);
		}
		else if (layer.getClass() == OutputLayer.class) {
			runtime = copy(layer, CachingOutputLayer.class);
		}
		else if (layer.getClass() == ConvolutionLayer.class && index == 0 && preProcessor != null
				&& preProcessor.getClass() == FeedForwardToCnnPreProcessor.class) {
			runtime = copy(layer, InputConvolutionLayer.class);
		}
		else if (layer instanceof BaseWrapperLayer wrapper) {
			wrapper.setUnderlying(layer(wrapper.getUnderlying(), index, preProcessor));
			return wrapper;
		}
		if (runtime instanceof BaseLayer base) {
			if (runtime instanceof DenseLayer || runtime instanceof OutputLayer || runtime instanceof ConvolutionLayer
					|| runtime instanceof LSTM) {
				base.setActivationFn(activation(base.getActivationFn()));
			}
			base.setIDropout(dropout(base.getIDropout()));
		}
		return runtime;
	}

	private static IActivation activation(IActivation activation) {
		if (activation != null && activation.getClass() == ActivationReLU.class
				&& ReluActivation.hasPlainSettings((ActivationReLU) activation)) {
			return new ReluActivation();
		}
		return activation;
	}

	private static IDropout dropout(IDropout dropout) {
		if (dropout != null && dropout.getClass() == Dropout.class && ((Dropout) dropout).getPSchedule() == null) {
			return new HeapMaskDropout(((Dropout) dropout).getP());
		}
		return dropout;
	}

	/**
	 * The same layer as {@code layer} as an instance of {@code type}, every setting
	 * copied through DL4J's own configuration JSON (DL4J's builders cannot be extended:
	 * their constructors are private).
	 */
	static <T extends Layer> T copy(Layer layer, Class<T> type) {
		ObjectMapper mapper = NeuralNetConfiguration.mapper();
		ObjectNode tree = mapper.valueToTree(layer);
		tree.put("@class", type.getName());
		try {
			return type.cast(mapper.treeToValue(tree, Layer.class));
		}
		catch (Exception ex) {
			throw new IllegalStateException(
					"cannot copy a " + layer.getClass().getSimpleName() + "'s configuration: " + ex.getMessage(), ex);
		}
	}

}
