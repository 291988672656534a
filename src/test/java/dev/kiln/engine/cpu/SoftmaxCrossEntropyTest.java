package dev.kiln.engine.cpu;

import dev.kiln.spec.Specs;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.impl.ActivationSigmoid;
import org.nd4j.linalg.activations.impl.ActivationSoftmax;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.lossfunctions.impl.LossMCXENT;
import org.nd4j.linalg.lossfunctions.impl.LossMSE;

import dev.kiln.engine.EngineSettings;
import dev.kiln.engine.NativeRuntime;

class SoftmaxCrossEntropyTest {

	@BeforeAll
	static void runtime() {
		NativeRuntime.configure(EngineSettings.defaults());
	}

	private static INDArray oneHot(int rows, int classes) {
		INDArray labels = Nd4j.zeros(DataType.FLOAT, rows, classes);
		for (int r = 0; r < rows; r++) {
			labels.putScalar(r, (r * 7) % classes, 1f);
		}
		return labels;
	}

	@Test
	void givesDl4jsScoreAndGradient() {
		INDArray preOutput = Nd4j.randn(DataType.FLOAT, 50, 10).muli(3);
		// logits far apart: probabilities near 0 and 1, where the score clips them
		preOutput.putScalar(0, 0, 80f);
		preOutput.putScalar(1, 3, -80f);
		INDArray labels = oneHot(50, 10);
		LossMCXENT dl4j = new LossMCXENT();
		double expectedScore = dl4j.computeScore(labels, preOutput, new ActivationSoftmax(), null, false);
		INDArray expectedGradient = dl4j.computeGradient(labels, preOutput, new ActivationSoftmax(), null);
		INDArray before = preOutput.dup();

		SoftmaxCrossEntropy.Step step = new SoftmaxCrossEntropy().step(dl4j, labels, preOutput);

		Specs.assertSameUpToRounding(step.loss(), expectedScore);
		Specs.assertSameUpToRounding(step.gradient(), expectedGradient);
		assertThat(preOutput).isEqualTo(before);
	}

	@Test
	void aNanScoreMakesTheLossNan() {
		INDArray preOutput = Nd4j.randn(DataType.FLOAT, 4, 3);
		// in a row whose label is elsewhere: the loss must not hide it
		preOutput.putScalar(0, 2, Float.NaN);
		INDArray labels = oneHot(4, 3);
		assertThat(labels.getFloat(0, 2)).isZero();
		assertThat(new SoftmaxCrossEntropy().step(new LossMCXENT(), labels, preOutput).loss()).isNaN();
		assertThat(new LossMCXENT().computeScore(labels, preOutput, new ActivationSoftmax(), null, false)).isNaN();
	}

	@Test
	void leavesArraysItCannotReadToDl4jsLoss() {
		INDArray preOutput = Nd4j.randn(DataType.FLOAT, 6, 3).dup('f');
		INDArray labels = oneHot(6, 3);
		LossMCXENT dl4j = new LossMCXENT();
		SoftmaxCrossEntropy.Step step = new SoftmaxCrossEntropy().step(dl4j, labels, preOutput);
		assertThat(step.loss()).isEqualTo(dl4j.computeScore(labels, preOutput, new ActivationSoftmax(), null, false));
		assertThat(step.gradient()).isEqualTo(dl4j.computeGradient(labels, preOutput, new ActivationSoftmax(), null));
	}

	@Test
	void reusesItsBuffersForSmallerAndLargerMinibatches() {
		SoftmaxCrossEntropy loss = new SoftmaxCrossEntropy();
		LossMCXENT dl4j = new LossMCXENT();
		for (int rows : new int[] { 30, 5, 60 }) {
			INDArray preOutput = Nd4j.randn(DataType.FLOAT, rows, 4);
			INDArray labels = oneHot(rows, 4);
			SoftmaxCrossEntropy.Step step = loss.step(dl4j, labels, preOutput);
			Specs.assertSameUpToRounding(step.loss(),
					dl4j.computeScore(labels, preOutput, new ActivationSoftmax(), null, false));
			Specs.assertSameUpToRounding(step.gradient(),
					dl4j.computeGradient(labels, preOutput, new ActivationSoftmax(), null));
		}
	}

	@Test
	void coversOnlyUnweightedUnmaskedCrossEntropyAfterSoftmax() {
		INDArray mask = Nd4j.ones(DataType.FLOAT, 4, 1);
		assertThat(SoftmaxCrossEntropy.covers(new LossMCXENT(), new ActivationSoftmax(), null)).isTrue();
		assertThat(SoftmaxCrossEntropy.covers(new LossMCXENT(), new ActivationSoftmax(), mask)).isFalse();
		assertThat(
				SoftmaxCrossEntropy.covers(new LossMCXENT(Nd4j.ones(DataType.FLOAT, 3)), new ActivationSoftmax(), null))
			.isFalse();
		assertThat(SoftmaxCrossEntropy.covers(new LossMCXENT(), new ActivationSigmoid(), null)).isFalse();
		assertThat(SoftmaxCrossEntropy.covers(new LossMSE(), new ActivationSoftmax(), null)).isFalse();
	}

}
