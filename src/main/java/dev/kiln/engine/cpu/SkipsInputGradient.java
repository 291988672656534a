package dev.kiln.engine.cpu;

/**
 * A Kiln layer that can leave out the gradient with respect to its input, which nobody
 * reads when the layer is the network's first: set by {@link NetworkBuilder}, stored in
 * the configuration JSON.
 */
public interface SkipsInputGradient {

	/** Whether the backward pass computes the gradient with respect to the input. */
	boolean isInputGradient();

	void setInputGradient(boolean inputGradient);

}
