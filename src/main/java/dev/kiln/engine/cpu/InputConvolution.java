package dev.kiln.engine.cpu;

import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.gradient.DefaultGradient;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.layers.convolution.ConvolutionLayer;
import org.deeplearning4j.nn.params.ConvolutionParamInitializer;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.deeplearning4j.util.ConvolutionUtils;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.OpContext;
import org.nd4j.linalg.api.ops.impl.layers.convolution.Conv2D;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * The runtime layer of {@link InputConvolutionLayer}: the forward pass is DL4J's
 * (oneDNN), the backward pass computes the weight and bias gradients only.
 * <p>
 * Why: DL4J's convolution backward pass always computes the gradient with respect to the
 * layer's input as well, and for the first layer nothing reads it (the network discards
 * it). On an image with one channel that gradient is also the slowest convolution of the
 * step: oneDNN pads the single channel to a block of 16. Here the weight gradient is one
 * forward convolution (see {@link #weightGradient}) and no input gradient is returned.
 */
final class InputConvolution extends ConvolutionLayer {

	InputConvolution(NeuralNetConfiguration conf, DataType dataType) {
		super(conf, dataType);
	}

	@Override
	public Pair<Gradient, INDArray> backpropGradient(INDArray epsilon, LayerWorkspaceMgr workspaceMgr) {
		org.deeplearning4j.nn.conf.layers.ConvolutionLayer conf = layerConf();
		if (!unitStrideAndDilation(conf)) {
			return super.backpropGradient(epsilon, workspaceMgr);
		}
		assertInputSet(true);
		INDArray weights = getParamWithNoise(ConvolutionParamInitializer.WEIGHT_KEY, true, workspaceMgr);
		INDArray input = this.input.castTo(this.dataType);
		INDArray outputGradient = epsilon.castTo(this.dataType);

		int inHeight = (int) input.size(2);
		int inWidth = (int) input.size(3);
		int kernelHeight = (int) weights.size(2);
		int kernelWidth = (int) weights.size(3);
		int[] dilation = conf.getDilation();
		int[] kernel = conf.getKernelSize();
		int[] strides = conf.getStride();
		int[] padding;
		int[] outSize;
		if (this.convolutionMode == ConvolutionMode.Same) {
			outSize = ConvolutionUtils.getOutputSize(input, kernel, strides, null, this.convolutionMode, dilation,
					CNN2DFormat.NCHW);
			padding = ConvolutionUtils.getSameModeTopLeftPadding(outSize, new int[] { inHeight, inWidth }, kernel,
					strides, dilation);
		}
		else {
			padding = conf.getPadding();
			outSize = ConvolutionUtils.getOutputSize(input, kernel, strides, padding, this.convolutionMode, dilation,
					CNN2DFormat.NCHW);
		}
		int outHeight = outSize[0];
		int outWidth = outSize[1];

		// the activation's derivative, from the pre-activation (cached by the forward
		// pass)
		INDArray preActivation = preOutput4d(true, true, workspaceMgr).getFirst();
		INDArray delta = conf.getActivationFn().backprop(preActivation, outputGradient).getFirst();
		INDArray weightGradient = this.gradientViews.get(ConvolutionParamInitializer.WEIGHT_KEY);
		weightGradient.assign(weightGradient(input, delta, kernelHeight, kernelWidth, padding, outHeight, outWidth));

		Gradient gradient = new DefaultGradient();
		if (conf.hasBias()) {
			INDArray biasGradient = this.gradientViews.get(ConvolutionParamInitializer.BIAS_KEY);
			delta.sum(biasGradient, 0, 2, 3);
			gradient.setGradientFor(ConvolutionParamInitializer.BIAS_KEY, biasGradient);
		}
		gradient.setGradientFor(ConvolutionParamInitializer.WEIGHT_KEY, weightGradient, 'c');
		this.weightNoiseParams.clear();
		return new Pair<>(gradient, null);
	}

	/**
	 * Whether the layer is the common case handled here: NCHW, stride and dilation 1.
	 * Others train as DL4J's layer does (oneDNN cannot dilate the kernel of the weight
	 * gradient's convolution as a stride would need).
	 */
	private static boolean unitStrideAndDilation(org.deeplearning4j.nn.conf.layers.ConvolutionLayer conf) {
		return conf.getCnn2dDataFormat() == CNN2DFormat.NCHW && conf.getStride()[0] == 1 && conf.getStride()[1] == 1
				&& conf.getDilation()[0] == 1 && conf.getDilation()[1] == 1;
	}

	/**
	 * The weight gradient {@code [outChannels, inChannels, kH, kW]} as one forward
	 * convolution, run by the same oneDNN code as the forward pass: the padded input with
	 * batch and channels swapped ({@code [inChannels, batch, H, W]}) convolved with the
	 * output gradient as its kernel ({@code [outChannels, batch, outH, outW]}). Each
	 * output value is then
	 * {@code sum over batch, oh, ow of input[b, c, oh + kh, ow + kw] *
	 * delta[b, o, oh, ow]}: the definition of the weight gradient at stride 1.
	 */
	private static INDArray weightGradient(INDArray input, INDArray delta, int kernelHeight, int kernelWidth,
			int[] padding, int outHeight, int outWidth) {
		long batch = input.size(0);
		long inChannels = input.size(1);
		long outChannels = delta.size(1);
		// the rows and columns of the padded input that the kernel reaches
		int rows = outHeight - 1 + kernelHeight;
		int columns = outWidth - 1 + kernelWidth;
		INDArray padded = Nd4j.zeros(input.dataType(), inChannels, batch, rows, columns);
		long copiedRows = Math.min(input.size(2), rows - padding[0]);
		long copiedColumns = Math.min(input.size(3), columns - padding[1]);
		padded
			.get(NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.interval(padding[0], padding[0] + copiedRows),
					NDArrayIndex.interval(padding[1], padding[1] + copiedColumns))
			.assign(input.permute(1, 0, 2, 3)
				.get(NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.interval(0, copiedRows),
						NDArrayIndex.interval(0, copiedColumns)));
		// a view: oneDNN reorders the kernel into its own layout anyway, from any strides
		INDArray kernel = delta.permute(1, 0, 2, 3);
		INDArray out = Nd4j.createUninitialized(input.dataType(), inChannels, outChannels, kernelHeight, kernelWidth);
		try (OpContext context = Nd4j.getExecutioner().buildContext()) {
			// kernel outH x outW, stride 1, no padding, no dilation, valid, NCHW,
			// weights [oC, iC, kH, kW]
			context.setIArguments(outHeight, outWidth, 1, 1, 0, 0, 1, 1, 0, 0, 1);
			context.setInputArray(0, padded);
			context.setInputArray(1, kernel);
			context.setOutputArray(0, out);
			Nd4j.exec(new Conv2D(), context);
		}
		catch (Exception ex) {
			throw new IllegalStateException("the first convolution's weight gradient failed: " + ex.getMessage(), ex);
		}
		return out.permute(1, 0, 2, 3);
	}

}
