package dev.kiln.engine.cpu;

import dev.kiln.spec.Specs;
import static org.assertj.core.api.Assertions.assertThat;
import static org.nd4j.linalg.indexing.NDArrayIndex.all;
import static org.nd4j.linalg.indexing.NDArrayIndex.interval;

import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.impl.ActivationReLU;
import org.nd4j.linalg.activations.impl.ActivationSigmoid;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import dev.kiln.engine.EngineSettings;
import dev.kiln.engine.NativeRuntime;

/**
 * {@link DenseOps} gives what DL4J's {@code BaseLayer} computes, up to float rounding for
 * the products (row-major into oneDNN rather than column-major into OpenBLAS), exactly
 * for the rest.
 */
class DenseOpsTest {

	private final LayerWorkspaceMgr noWorkspaces = LayerWorkspaceMgr.noWorkspaces();

	private final INDArray input = random(100, 37);

	/** Column-major, as DL4J keeps a dense layer's weights. */
	private final INDArray weights = random(37, 23).dup('f');

	private final INDArray delta = random(100, 23);

	@BeforeAll
	static void runtime() {
		NativeRuntime.configure(EngineSettings.defaults());
	}

	private static INDArray random(long... shape) {
		return Nd4j.rand(DataType.FLOAT, shape).subi(0.5);
	}

	private static void assertSameValues(INDArray actual, INDArray expected) {
		assertThat(actual.shape()).containsExactly(expected.shape());
		assertThat(actual.dup('c').data().asFloat()).containsExactly(expected.dup('c').data().asFloat());
	}

	@Test
	void preActivationIsTheProductPlusTheBias() {
		INDArray bias = random(23);
		INDArray expected = Nd4j.create(DataType.FLOAT, 100, 23);
		this.input.mmuli(this.weights, expected);
		expected.addiRowVector(bias);
		Specs.assertSameUpToRounding(new DenseOps().preActivation(this.input, this.weights, bias, this.noWorkspaces),
				expected);
	}

	@Test
	void preActivationWithoutBiasIsTheProduct() {
		INDArray expected = Nd4j.create(DataType.FLOAT, 100, 23);
		this.input.mmuli(this.weights, expected);
		Specs.assertSameUpToRounding(new DenseOps().preActivation(this.input, this.weights, null, this.noWorkspaces),
				expected);
	}

	@Test
	void weightGradientIsTheTransposedInputTimesDelta() {
		INDArray expected = Nd4j.create(DataType.FLOAT, new long[] { 37, 23 }, 'f');
		Nd4j.gemm(this.input, this.delta, expected, true, false, 1.0, 0.0);
		INDArray actual = Nd4j.create(DataType.FLOAT, new long[] { 37, 23 }, 'f');
		new DenseOps().weightGradient(this.input, this.delta, actual);
		Specs.assertSameUpToRounding(actual, expected);
		assertThat(actual.ordering()).isEqualTo('f');
	}

	@Test
	void biasGradientIsTheColumnSumsOfDelta() {
		INDArray expected = Nd4j.create(DataType.FLOAT, 23);
		this.delta.sum(expected, 0);
		INDArray actual = Nd4j.create(DataType.FLOAT, 23);
		new DenseOps().biasGradient(this.delta, actual);
		assertSameValues(actual, expected);
	}

	@Test
	void inputGradientIsDeltaTimesTheTransposedWeights() {
		INDArray product = Nd4j.create(DataType.FLOAT, new long[] { 37, 100 }, 'f');
		INDArray expected = this.weights.mmuli(this.delta.transpose(), product).transpose();
		Specs.assertSameUpToRounding(new DenseOps().inputGradient(this.weights, this.delta, this.noWorkspaces),
				expected);
	}

	@Test
	void reluIsDl4jsReluOnACopy() {
		INDArray z = random(100, 23);
		z.putScalar(0, 0, -0.0f);
		z.putScalar(0, 1, 0.0f);
		INDArray before = z.dup();
		INDArray expected = new ActivationReLU().getActivation(z.dup(), true);
		assertSameValues(new DenseOps().relu(z, this.noWorkspaces), expected);
		assertSameValues(z, before);
	}

	@Test
	void sigmoidIsDl4jsSigmoidOnACopy() {
		INDArray z = random(100, 23).muli(20);
		INDArray before = z.dup();
		INDArray expected = new ActivationSigmoid().getActivation(z.dup(), true);
		assertSameValues(new DenseOps().sigmoid(z, this.noWorkspaces), expected);
		assertSameValues(z, before);
	}

	@Test
	void theSigmoidsDerivativeTimesTheGradientIsDl4jsSigmoidBackwardPassExactly() {
		// beyond 4,096 values (one chunk) and past the sigmoid's saturation on both sides
		INDArray z = random(300, 23).muli(40);
		INDArray epsilon = random(300, 23);
		INDArray expected = new ActivationSigmoid().backprop(z.dup(), epsilon.dup()).getFirst();
		DenseOps ops = new DenseOps();
		INDArray activation = ops.sigmoid(z, this.noWorkspaces);
		assertThat(DenseOps.sigmoidDerivativeApplies(activation, z)).isTrue();
		INDArray derivative = ops.sigmoidDerivative(activation, z);
		assertThat(derivative).isSameAs(z);
		assertSameValues(ops.multiply(derivative, derivative, epsilon), expected);
	}

	@Test
	void theSigmoidsDerivativeNeedsContiguousFloats() {
		INDArray activation = random(10, 4);
		assertThat(DenseOps.sigmoidDerivativeApplies(activation, random(10, 4))).isTrue();
		assertThat(DenseOps.sigmoidDerivativeApplies(activation, random(10, 4).castTo(DataType.DOUBLE))).isFalse();
		assertThat(DenseOps.sigmoidDerivativeApplies(activation, random(10, 4).dup('f'))).isFalse();
		// a strided view, and a contiguous one that starts inside its buffer
		assertThat(DenseOps.sigmoidDerivativeApplies(activation, random(10, 8).get(all(), interval(0, 4)))).isFalse();
		assertThat(DenseOps.sigmoidDerivativeApplies(activation, random(20, 4).get(interval(10, 20), all()))).isFalse();
	}

}
