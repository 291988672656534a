package dev.kiln.engine.cpu;

import java.util.function.Function;

import org.bytedeco.javacpp.FloatPointer;
import org.deeplearning4j.nn.layers.BaseLayer;
import org.deeplearning4j.nn.params.DefaultParamInitializer;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The arithmetic of a dense layer's training step (product and bias forwards; weight,
 * bias and input gradients backwards), each op a {@link PreparedOp}.
 * <p>
 * Every product writes a row-major array. DL4J's {@code BaseLayer} has its products write
 * column-major ones, which libnd4j hands to its bundled OpenBLAS; a row-major result goes
 * to oneDNN's matrix product, which uses the CPU's widest vectors and took half the time
 * for the 5-layer MLP's first layer (docs/profiling.md). The values are DL4J's up to
 * float rounding (the sums run in another order), not bit for bit.
 * <p>
 * Not thread-safe: layers keep one set per thread ({@link PerThread}).
 */
final class DenseOps {

	/** Values copied in and out of native memory at a time. */
	private static final int CHUNK = 4096;

	private final PreparedOp product = PreparedOp.product(false, false);

	private final PreparedOp biasAddition = PreparedOp.addition();

	private final PreparedOp weightGradient = PreparedOp.product(true, false);

	private final PreparedOp transposedWeightGradient = PreparedOp.product(true, false);

	/** The weight gradient view last written, and its transpose. */
	private INDArray weightGradientView;

	private INDArray weightGradientTransposed;

	private final PreparedOp biasGradient = PreparedOp.columnSums();

	private final PreparedOp inputGradient = PreparedOp.product(false, true);

	private final PreparedOp relu = PreparedOp.relu();

	private final PreparedOp sigmoid = PreparedOp.sigmoid();

	private final PreparedOp multiplication = PreparedOp.multiplication();

	private float[] chunk;

	/**
	 * A training forward pass's {@code input x weights + bias} for {@code layer}, its
	 * input dropout already applied, masked as DL4J's layers do; {@code paramWithNoise}
	 * gives a parameter as the layer's {@code getParamWithNoise} does in training.
	 */
	INDArray preActivation(BaseLayer<?> layer, Function<String, INDArray> paramWithNoise,
			LayerWorkspaceMgr workspaceMgr) {
		INDArray weights = paramWithNoise.apply(DefaultParamInitializer.WEIGHT_KEY);
		INDArray bias = layer.hasBias() ? paramWithNoise.apply(DefaultParamInitializer.BIAS_KEY) : null;
		INDArray input = RuntimeLayers.denseInput(layer.input().castTo(weights.dataType()), weights, layer);
		INDArray z = preActivation(input, weights, bias, workspaceMgr);
		INDArray mask = layer.getMaskArray();
		return (mask != null) ? z.muliColumnVector(mask.castTo(z.dataType())) : z;
	}

	/**
	 * {@code input x weights + bias} into a new array of the layer's activations
	 * workspace, as {@code BaseLayer.preOutput} computes it; {@code bias} may be null.
	 */
	INDArray preActivation(INDArray input, INDArray weights, INDArray bias, LayerWorkspaceMgr workspaceMgr) {
		INDArray z = workspaceMgr.createUninitialized(ArrayType.ACTIVATIONS, weights.dataType(),
				new long[] { input.size(0), weights.size(1) }, 'c');
		this.product.run(z, input, weights);
		return (bias != null) ? this.biasAddition.run(z, z, bias) : z;
	}

	/**
	 * {@code max(0, z)} into a new array of the activations workspace, leaving {@code z}
	 * as it is (DL4J's ReLU computes it in place on a copy of {@code z}).
	 */
	INDArray relu(INDArray z, LayerWorkspaceMgr workspaceMgr) {
		INDArray activation = workspaceMgr.createUninitialized(ArrayType.ACTIVATIONS, z.dataType(), z.shape(),
				z.ordering());
		return this.relu.run(activation, z);
	}

	/**
	 * {@code 1 / (1 + exp(-z))} into a new array of the activations workspace, leaving
	 * {@code z} as it is (DL4J's sigmoid computes it in place on a copy of {@code z}).
	 */
	INDArray sigmoid(INDArray z, LayerWorkspaceMgr workspaceMgr) {
		INDArray activation = workspaceMgr.createUninitialized(ArrayType.ACTIVATIONS, z.dataType(), z.shape(),
				z.ordering());
		return this.sigmoid.run(activation, z);
	}

	/**
	 * Whether {@link #sigmoidDerivative} can read {@code activation} and write
	 * {@code into}: both contiguous floats of one length.
	 */
	static boolean sigmoidDerivativeApplies(INDArray activation, INDArray into) {
		return activation.dataType() == DataType.FLOAT && into.dataType() == DataType.FLOAT
				&& activation.length() == into.length() && activation.ordering() == into.ordering()
				&& activation.elementWiseStride() == 1 && into.elementWiseStride() == 1 && !activation.isView()
				&& !into.isView();
	}

	/**
	 * The sigmoid's derivative {@code s * (1 - s)} from its values {@code s}, written
	 * into {@code into}: what libnd4j's {@code sigmoid_bp} multiplies the gradient with,
	 * which it gets by computing the sigmoid again from the pre-activation. Both arrays
	 * as {@link #sigmoidDerivativeApplies} requires.
	 */
	INDArray sigmoidDerivative(INDArray activation, INDArray into) {
		if (this.chunk == null) {
			this.chunk = new float[CHUNK];
		}
		float[] values = this.chunk;
		FloatPointer from = new FloatPointer(activation.data().addressPointer());
		FloatPointer to = new FloatPointer(into.data().addressPointer());
		long length = activation.length();
		for (long start = 0; start < length; start += CHUNK) {
			int count = (int) Math.min(CHUNK, length - start);
			from.position(start).get(values, 0, count);
			for (int i = 0; i < count; i++) {
				float s = values[i];
				values[i] = s * (1.0f - s);
			}
			to.position(start).put(values, 0, count);
		}
		return into;
	}

	/** {@code a * b} into {@code output}, element by element. */
	INDArray multiply(INDArray output, INDArray a, INDArray b) {
		return this.multiplication.run(output, a, b);
	}

	/**
	 * {@code input^T x delta} into the layer's weight gradient view. DL4J keeps the view
	 * column-major, so its transpose is row-major: the product is computed as
	 * {@code delta^T x input} into that.
	 */
	void weightGradient(INDArray input, INDArray delta, INDArray weightGradient) {
		if (weightGradient.ordering() == 'f' && weightGradient.elementWiseStride() == 1) {
			this.transposedWeightGradient.run(transposedView(weightGradient), delta, input);
		}
		else {
			this.weightGradient.run(weightGradient, input, delta);
		}
	}

	private INDArray transposedView(INDArray weightGradient) {
		if (this.weightGradientView != weightGradient) {
			this.weightGradientView = weightGradient;
			this.weightGradientTransposed = weightGradient.transpose();
		}
		return this.weightGradientTransposed;
	}

	/** The column sums of {@code delta} into the layer's bias gradient view. */
	void biasGradient(INDArray delta, INDArray biasGradient) {
		this.biasGradient.run(biasGradient, delta);
	}

	/**
	 * The gradient with respect to the layer's input, {@code delta x weights^T},
	 * row-major, before the input dropout's backward pass.
	 */
	INDArray inputGradient(INDArray weights, INDArray delta, LayerWorkspaceMgr workspaceMgr) {
		INDArray product = workspaceMgr.createUninitialized(ArrayType.ACTIVATION_GRAD, delta.dataType(),
				new long[] { delta.size(0), weights.size(0) }, 'c');
		return this.inputGradient.run(product, delta, weights);
	}

}
