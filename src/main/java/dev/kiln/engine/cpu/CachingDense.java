package dev.kiln.engine.cpu;

import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.gradient.DefaultGradient;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.layers.feedforward.dense.DenseLayer;
import org.deeplearning4j.nn.params.DefaultParamInitializer;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.activations.impl.ActivationSigmoid;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The runtime layer of {@link CachingDenseLayer}.
 * <p>
 * Why: DL4J's dense layer applies its activation in place, so its backward pass computes
 * the layer's matrix product and bias again to get the pre-activation back; this layer
 * keeps the pre-activation from the forward pass and activates a copy (one copy in place
 * of a product and a bias addition). As the first layer it also skips the product that
 * gives the gradient with respect to the input, the largest of a wide first layer's
 * backward pass, which the network discards. With DL4J's sigmoid it keeps the sigmoid's
 * derivative instead, taken from the forward pass's values, where DL4J's backward pass
 * computes every exponential again. The products and the rest of the step's arithmetic
 * run through {@link DenseOps}; the values are DL4J's up to float rounding.
 */
final class CachingDense extends DenseLayer {

	/**
	 * From the last training forward pass, for its backward pass: the pre-activation, or
	 * where {@link #derivative} is set, the activation's derivative at it.
	 */
	private INDArray preActivation;

	/** Whether {@link #preActivation} holds the activation's derivative. */
	private boolean derivative;

	/** The input (after dropout) that {@link #preActivation} was computed from. */
	private INDArray preActivationInput;

	private final PerThread<DenseOps> ops = new PerThread<>(DenseOps::new);

	CachingDense(NeuralNetConfiguration conf, DataType dataType) {
		super(conf, dataType);
	}

	@Override
	public INDArray activate(boolean training, LayerWorkspaceMgr workspaceMgr) {
		forgetPreActivation();
		if (!training || hasLayerNorm()) {
			return super.activate(training, workspaceMgr);
		}
		INDArray z = preOutput(true, workspaceMgr);
		IActivation activationFn = layerConf().getActivationFn();
		DenseOps ops = this.ops.get();
		INDArray activation;
		boolean derivative = false;
		if (ReluActivation.isPlain(activationFn)) {
			activation = ops.relu(z, workspaceMgr);
		}
		else if (activationFn.getClass() == ActivationSigmoid.class) {
			activation = ops.sigmoid(z, workspaceMgr);
			// the backward pass needs z only for the derivative
			derivative = DenseOps.sigmoidDerivativeApplies(activation, z);
			if (derivative) {
				ops.sigmoidDerivative(activation, z);
			}
		}
		else {
			activation = activationFn.getActivation(workspaceMgr.dup(ArrayType.ACTIVATIONS, z), true);
		}
		if (this.maskArray != null) {
			applyMask(activation);
		}
		this.preActivation = z;
		this.derivative = derivative;
		this.preActivationInput = this.input;
		return activation;
	}

	@Override
	public INDArray preOutput(boolean training, LayerWorkspaceMgr workspaceMgr) {
		if (!training || hasLayerNorm()) {
			return super.preOutput(training, workspaceMgr);
		}
		assertInputSet(false);
		applyDropOutIfNecessary(true, workspaceMgr);
		return this.ops.get().preActivation(this, (key) -> getParamWithNoise(key, true, workspaceMgr), workspaceMgr);
	}

	@Override
	public Pair<Gradient, INDArray> backpropGradient(INDArray epsilon, LayerWorkspaceMgr workspaceMgr) {
		if (hasLayerNorm()) {
			return super.backpropGradient(epsilon, workspaceMgr);
		}
		assertInputSet(true);
		boolean derivative = this.derivative;
		INDArray z = takePreActivation();
		INDArray delta;
		if (z != null && derivative) {
			delta = this.ops.get().multiply(z, z, epsilon);
		}
		else {
			if (z == null) {
				z = preOutput(true, workspaceMgr);
			}
			// in place on z, as DL4J's activations' backward passes are
			delta = layerConf().getActivationFn().backprop(z, epsilon).getFirst();
		}
		if (this.maskArray != null) {
			applyMask(delta);
		}
		Gradient gradient = new DefaultGradient();
		if (hasBias()) {
			INDArray biasGradient = this.gradientViews.get(DefaultParamInitializer.BIAS_KEY);
			this.ops.get().biasGradient(delta, biasGradient);
			gradient.gradientForVariable().put(DefaultParamInitializer.BIAS_KEY, biasGradient);
		}
		INDArray inputGradient = null;
		if (((CachingDenseLayer) layerConf()).isInputGradient()) {
			INDArray weights = getParamWithNoise(DefaultParamInitializer.WEIGHT_KEY, true, workspaceMgr);
			inputGradient = backpropDropOutIfPresent(this.ops.get().inputGradient(weights, delta, workspaceMgr));
		}
		INDArray weightGradient = this.gradientViews.get(DefaultParamInitializer.WEIGHT_KEY);
		this.ops.get().weightGradient(this.input.castTo(weightGradient.dataType()), delta, weightGradient);
		gradient.gradientForVariable().put(DefaultParamInitializer.WEIGHT_KEY, weightGradient);
		this.weightNoiseParams.clear();
		return new Pair<>(gradient, inputGradient);
	}

	/**
	 * The cached pre-activation if it belongs to this backward pass: computed from the
	 * current input, its workspace neither closed nor reset since. Taken once, since the
	 * backward pass overwrites it.
	 */
	private INDArray takePreActivation() {
		INDArray z = this.preActivation;
		boolean current = z != null && this.preActivationInput == this.input && !z.wasClosed();
		forgetPreActivation();
		return current ? z : null;
	}

	private void forgetPreActivation() {
		this.preActivation = null;
		this.derivative = false;
		this.preActivationInput = null;
	}

	@Override
	public void clear() {
		super.clear();
		forgetPreActivation();
	}

}
