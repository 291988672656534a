package dev.kiln.engine;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.linalg.dataset.DataSet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class ExamplesIteratorTest {

	private static final Examples EXAMPLES = new Examples(new float[] { 0, 1, 10, 11, 20, 21, 30, 31, 40, 41 },
			new int[] { 0, 1, 2, 1, 0 }, 2, 3);

	/** Accelerated (host memory, reused arrays) and through ND4J's API (a GPU's path). */
	@ParameterizedTest(name = "accelerated: {0}")
	@ValueSource(booleans = { true, false })
	void minibatchesHoldTheRowsInTheGivenOrderWithOneHotLabels(boolean accelerated) {
		ExamplesIterator batches = new ExamplesIterator(EXAMPLES, new int[] { 3, 0, 4, 1, 2 }, 2, accelerated);

		DataSet first = batches.next();
		assertThat(first.getFeatures().toFloatMatrix()).isEqualTo(new float[][] { { 30, 31 }, { 0, 1 } });
		assertThat(first.getLabels().toFloatMatrix()).isEqualTo(new float[][] { { 0, 1, 0 }, { 1, 0, 0 } });
		DataSet second = batches.next();
		assertThat(second.getFeatures().toFloatMatrix()).isEqualTo(new float[][] { { 40, 41 }, { 10, 11 } });
		// the labels of the batch before are cleared, not left behind
		assertThat(second.getLabels().toFloatMatrix()).isEqualTo(new float[][] { { 1, 0, 0 }, { 0, 1, 0 } });
		if (accelerated) {
			// the same native arrays every time
			assertThat(second.getFeatures()).isSameAs(first.getFeatures());
		}
		else {
			// the batch before is freed at once
			assertThat(second.getFeatures()).isNotSameAs(first.getFeatures());
			assertThat(first.getFeatures().wasClosed()).isTrue();
		}
		DataSet last = batches.next();
		assertThat(last.getFeatures().toFloatMatrix()).isEqualTo(new float[][] { { 20, 21 } });
		assertThat(last.getLabels().toFloatMatrix()).isEqualTo(new float[][] { { 0, 0, 1 } });
		assertThat(batches.hasNext()).isFalse();
		batches.reset();
		DataSet again = batches.next();
		assertThat(again.getFeatures().toFloatMatrix()).isEqualTo(new float[][] { { 30, 31 }, { 0, 1 } });
		assertThat(again.getLabels().toFloatMatrix()).isEqualTo(new float[][] { { 0, 1, 0 }, { 1, 0, 0 } });
		if (accelerated) {
			assertThat(again.getFeatures()).isSameAs(first.getFeatures());
		}
	}

	@Test
	void aShuffledEpochIsAPermutationThatDependsOnlyOnSeedAndEpoch() {
		int[] once = ExamplesIterator.shuffled(EXAMPLES, 5, 7, 3, false)
			.next()
			.getFeatures()
			.getColumn(0)
			.toIntVector();
		int[] again = ExamplesIterator.shuffled(EXAMPLES, 5, 7, 3, false)
			.next()
			.getFeatures()
			.getColumn(0)
			.toIntVector();
		assertThat(again).isEqualTo(once);
		assertThat(once).containsExactlyInAnyOrder(0, 10, 20, 30, 40);
	}

	@ParameterizedTest(name = "accelerated: {0}")
	@ValueSource(booleans = { true, false })
	void aLabelOutsideTheClassesIsRefused(boolean accelerated) {
		Examples bad = new Examples(new float[] { 0, 1 }, new int[] { 3 }, 2, 3);
		assertThatIllegalArgumentException().isThrownBy(() -> ExamplesIterator.inOrder(bad, 1, accelerated).next())
			.withMessageContaining("outside [0, 3)");
	}

}
