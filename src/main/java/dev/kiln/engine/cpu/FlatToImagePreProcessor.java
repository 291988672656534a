package dev.kiln.engine.cpu;

import org.deeplearning4j.nn.conf.preprocessor.FeedForwardToCnnPreProcessor;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.shade.jackson.annotation.JsonCreator;
import org.nd4j.shade.jackson.annotation.JsonProperty;

/**
 * Turns flat rows into channel-first images for a network whose first layer is an
 * {@link InputConvolutionLayer}, exactly as DL4J's {@link FeedForwardToCnnPreProcessor};
 * it also passes on the missing input gradient that layer returns. Exists only in memory:
 * model files name DL4J's preprocessor ({@link Portable}).
 */
public class FlatToImagePreProcessor extends FeedForwardToCnnPreProcessor {

	private static final long serialVersionUID = 1L;

	@JsonCreator
	public FlatToImagePreProcessor(@JsonProperty("inputHeight") long inputHeight,
			@JsonProperty("inputWidth") long inputWidth, @JsonProperty("numChannels") long numChannels) {
		super(inputHeight, inputWidth, numChannels);
	}

	@Override
	public INDArray backprop(INDArray epsilons, int miniBatchSize, LayerWorkspaceMgr workspaceMgr) {
		return (epsilons != null) ? super.backprop(epsilons, miniBatchSize, workspaceMgr) : null;
	}

}
