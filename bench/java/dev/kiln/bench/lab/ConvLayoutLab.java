package dev.kiln.bench.lab;

import java.util.Arrays;

import dev.kiln.engine.EngineSettings;
import dev.kiln.engine.NativeRuntime;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.OpContext;
import org.nd4j.linalg.api.ops.impl.layers.convolution.Conv2D;
import org.nd4j.linalg.factory.Nd4j;

/**
 * One forward convolution ("same" padding, bias, 100 images) through libnd4j's
 * {@code conv2d}, side by side: on NCHW arrays as DL4J's layers hold them, and on arrays
 * whose memory is channels-last (NHWC) but which are shaped NCHW, as permuted views.
 * oneDNN's fast {@code brgconv} kernels work channels-last: libnd4j reorders an NCHW
 * input into that layout, the output buffer too (before the convolution, though it is
 * about to be overwritten), and the output back. With channels-last memory it reorders
 * nothing. Same values either way.
 * <p>
 * Arguments: {@code inChannels size outChannels kernel stride [threads]}; the CNN's
 * second layer is {@code 6 28 12 5 2}.
 */
public final class ConvLayoutLab {

	private static final int CALLS = 300;

	public static void main(String[] args) {
		NativeRuntime.configure(EngineSettings.defaults());
		int inChannels = Integer.parseInt(args[0]);
		int size = Integer.parseInt(args[1]);
		int outChannels = Integer.parseInt(args[2]);
		int kernel = Integer.parseInt(args[3]);
		int stride = Integer.parseInt(args[4]);
		NativeRuntime.useThreads((args.length > 5) ? Integer.parseInt(args[5]) : 1);
		int batch = 100;
		int outSize = (size + stride - 1) / stride;
		Nd4j.getRandom().setSeed(1);
		INDArray weights = Nd4j.rand(DataType.FLOAT, outChannels, inChannels, kernel, kernel);
		INDArray bias = Nd4j.rand(DataType.FLOAT, outChannels);
		INDArray input = Nd4j.rand(DataType.FLOAT, batch, inChannels, size, size);
		INDArray output = Nd4j.createUninitialized(DataType.FLOAT, batch, outChannels, outSize, outSize);
		INDArray inputView = input.permute(0, 2, 3, 1).dup('c').permute(0, 3, 1, 2);
		INDArray outputView = Nd4j.createUninitialized(DataType.FLOAT, batch, outSize, outSize, outChannels)
			.permute(0, 3, 1, 2);
		System.out.println("channels-last input view: shape " + Arrays.toString(inputView.shape()) + ", strides "
				+ Arrays.toString(inputView.stride()));
		OpContext nchw = context(kernel, stride, input, weights, bias, output);
		OpContext channelsLast = context(kernel, stride, inputView, weights, bias, outputView);
		for (int round = 0; round < 6; round++) {
			double a = microsPerCall(nchw);
			double b = microsPerCall(channelsLast);
			System.out.printf("round %d: NCHW %.1f µs, channels-last views %.1f µs (%.2fx)%n", round, a, b, a / b);
		}
		System.out.println("largest difference: " + output.sub(outputView).amaxNumber());
	}

	private static OpContext context(int kernel, int stride, INDArray input, INDArray weights, INDArray bias,
			INDArray output) {
		OpContext context = Nd4j.getExecutioner().buildContext();
		// kH, kW, sH, sW, pH, pW, dH, dW, same mode, NCHW, weights [oC, iC, kH, kW]
		context.setIArguments(kernel, kernel, stride, stride, 0, 0, 1, 1, 1, 0, 1);
		context.setInputArray(0, input);
		context.setInputArray(1, weights);
		context.setInputArray(2, bias);
		context.setOutputArray(0, output);
		return context;
	}

	private static double microsPerCall(OpContext context) {
		Conv2D op = new Conv2D();
		long start = System.nanoTime();
		for (int i = 0; i < CALLS; i++) {
			Nd4j.getExecutioner().exec(op, context);
		}
		return (System.nanoTime() - start) / 1e3 / CALLS;
	}

}
