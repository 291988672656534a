package dev.kiln.engine.cpu;

import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.gradient.DefaultGradient;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.layers.OutputLayer;
import org.deeplearning4j.nn.params.DefaultParamInitializer;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.lossfunctions.ILossFunction;
import org.nd4j.linalg.lossfunctions.impl.LossMCXENT;

/**
 * The runtime layer of {@link CachingOutputLayer}.
 * <p>
 * Why: in a training step DL4J computes the output layer's product and bias twice, once
 * in the backward pass and once more when it asks the layer for the step's score. Here
 * the backward pass scores the pre-activation it has (before the loss's gradient, which
 * may overwrite it) and the score is answered from that. As the network's only layer it
 * also skips the gradient with respect to its input, a product as large as the layer's
 * weights times the minibatch, which the network discards. A softmax with cross-entropy
 * takes its loss and gradient from one pass ({@link SoftmaxCrossEntropy}), and the
 * products run through {@link DenseOps}. The values are DL4J's up to float rounding.
 */
final class CachingOutput extends OutputLayer {

	/** The loss of the last backward pass, before averaging and regularisation. */
	private double loss;

	/** The input and labels {@link #loss} was computed from; null when there is none. */
	private INDArray lossInput;

	private INDArray lossLabels;

	private final PerThread<DenseOps> ops = new PerThread<>(DenseOps::new);

	private final PerThread<SoftmaxCrossEntropy> softmaxCrossEntropy = new PerThread<>(SoftmaxCrossEntropy::new);

	CachingOutput(NeuralNetConfiguration conf, DataType dataType) {
		super(conf, dataType);
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
		assertInputSet(true);
		INDArray preOutput = preOutput2d(true, workspaceMgr);
		ILossFunction lossFunction = layerConf().getLossFn();
		INDArray labels2d = getLabels2d(workspaceMgr, ArrayType.BP_WORKING_MEM);
		IActivation activationFn = layerConf().getActivationFn();
		INDArray delta;
		if (SoftmaxCrossEntropy.covers(lossFunction, activationFn, this.maskArray)) {
			SoftmaxCrossEntropy.Step step = this.softmaxCrossEntropy.get()
				.step((LossMCXENT) lossFunction, labels2d, preOutput);
			this.loss = step.loss();
			delta = step.gradient();
		}
		else {
			this.loss = lossFunction.computeScore(labels2d, preOutput, activationFn, this.maskArray, false);
			delta = lossFunction.computeGradient(labels2d, preOutput, activationFn, this.maskArray);
		}
		this.lossInput = this.input;
		this.lossLabels = this.labels;

		Gradient gradient = new DefaultGradient();
		INDArray weightGradient = this.gradientViews.get(DefaultParamInitializer.WEIGHT_KEY);
		this.ops.get().weightGradient(this.input.castTo(weightGradient.dataType()), delta, weightGradient);
		gradient.gradientForVariable().put(DefaultParamInitializer.WEIGHT_KEY, weightGradient);
		if (hasBias()) {
			INDArray biasGradient = this.gradientViews.get(DefaultParamInitializer.BIAS_KEY);
			this.ops.get().biasGradient(delta, biasGradient);
			gradient.gradientForVariable().put(DefaultParamInitializer.BIAS_KEY, biasGradient);
		}
		delta = workspaceMgr.leverageTo(ArrayType.ACTIVATION_GRAD, delta);

		INDArray inputGradient = null;
		if (((CachingOutputLayer) layerConf()).isInputGradient()) {
			INDArray weights = getParamWithNoise(DefaultParamInitializer.WEIGHT_KEY, true, workspaceMgr);
			inputGradient = backpropDropOutIfPresent(this.ops.get().inputGradient(weights, delta, workspaceMgr));
		}
		// weight noise is cleared by the network after the score, as DL4J's layer leaves
		// it
		return new Pair<>(gradient, inputGradient);
	}

	/**
	 * The step's score from the backward pass's loss when it belongs to the same input
	 * and labels; otherwise computed as DL4J's layer does. Taken once.
	 */
	@Override
	public double computeScore(double fullNetRegTerm, boolean training, LayerWorkspaceMgr workspaceMgr) {
		boolean current = training && this.lossInput != null && this.lossInput == this.input
				&& this.lossLabels == this.labels;
		double lossOfStep = this.loss;
		forgetLoss();
		if (!current) {
			return super.computeScore(fullNetRegTerm, training, workspaceMgr);
		}
		double score = lossOfStep;
		if (conf().isMiniBatch()) {
			score /= getInputMiniBatchSize();
		}
		score += fullNetRegTerm;
		this.score = score;
		return score;
	}

	private void forgetLoss() {
		this.lossInput = null;
		this.lossLabels = null;
	}

	@Override
	public void clear() {
		super.clear();
		forgetLoss();
	}

}
