package dev.kiln.datasets.internal;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import dev.kiln.datasets.DatasetSplit;
import dev.kiln.engine.Examples;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class StratifiedSplitterTest {

	private final StratifiedSplitter splitter = new StratifiedSplitter();

	/**
	 * Class 0: 50 rows, class 1: 30 rows, class 2: 3 rows; feature 0 is the row number.
	 */
	private final Examples all = examples(50, 30, 3);

	@Test
	void givesEachClassItsRoundedShareOfValidationAndTestRows() {
		DatasetSplit split = this.splitter.split(this.all, 0.2, 0.1, 42);
		assertThat(countPerClass(split.validation())).containsExactly(10, 6, 1);
		assertThat(countPerClass(split.test())).containsExactly(5, 3, 0);
		assertThat(countPerClass(split.train())).containsExactly(35, 21, 2);
	}

	@Test
	void keepsAtLeastOneTrainingRowPerClass() {
		DatasetSplit split = this.splitter.split(examples(2, 1, 4), 0.5, 0.45, 1);
		assertThat(countPerClass(split.train())).containsExactly(1, 1, 1);
		assertThat(countPerClass(split.validation())).containsExactly(1, 0, 2);
		assertThat(countPerClass(split.test())).containsExactly(0, 0, 1);
	}

	@Test
	void splitsDisjointlyAndCompletelyKeepingEachRowsLabel() {
		DatasetSplit split = this.splitter.split(this.all, 0.25, 0.25, 7);
		List<Integer> rows = new ArrayList<>();
		for (Examples part : List.of(split.train(), split.validation(), split.test())) {
			for (int i = 0; i < part.count(); i++) {
				int row = (int) part.features()[i * 2];
				rows.add(row);
				assertThat(part.labels()[i]).isEqualTo(this.all.labels()[row]);
				assertThat(part.features()[i * 2 + 1]).isEqualTo(this.all.features()[row * 2 + 1]);
			}
			assertThat(part.featureLength()).isEqualTo(2);
			assertThat(part.classes()).isEqualTo(3);
		}
		assertThat(rows).hasSize(this.all.count()).doesNotHaveDuplicates();
	}

	@Test
	void isDeterministicForASeed() {
		DatasetSplit first = this.splitter.split(this.all, 0.2, 0.2, 1234);
		DatasetSplit second = this.splitter.split(this.all, 0.2, 0.2, 1234);
		assertThat(second.train().features()).isEqualTo(first.train().features());
		assertThat(second.validation().features()).isEqualTo(first.validation().features());
		assertThat(second.test().features()).isEqualTo(first.test().features());
		assertThat(second.train().labels()).isEqualTo(first.train().labels());
	}

	@Test
	void differsForADifferentSeed() {
		DatasetSplit first = this.splitter.split(this.all, 0.2, 0.2, 1);
		DatasetSplit second = this.splitter.split(this.all, 0.2, 0.2, 2);
		assertThat(rowSet(second.validation())).isNotEqualTo(rowSet(first.validation()));
		assertThat(second.train().features()).isNotEqualTo(first.train().features());
	}

	@Test
	void shufflesRowsWithinEachSplitRatherThanGroupingThemByClass() {
		DatasetSplit split = this.splitter.split(this.all, 0.3, 0.3, 3);
		for (Examples part : List.of(split.train(), split.validation(), split.test())) {
			int[] grouped = part.labels().clone();
			Arrays.sort(grouped);
			assertThat(part.labels()).isNotEqualTo(grouped);
		}
		DatasetSplit unsplit = this.splitter.split(this.all, 0, 0, 3);
		assertThat(unsplit.train().labels()).isNotEqualTo(this.all.labels());
	}

	@Test
	void givesEmptySplitsForZeroFractions() {
		DatasetSplit split = this.splitter.split(this.all, 0, 0, 3);
		assertThat(split.validation().count()).isZero();
		assertThat(split.test().count()).isZero();
		assertThat(split.validation().featureLength()).isEqualTo(2);
		assertThat(split.test().classes()).isEqualTo(3);
		assertThat(split.train().count()).isEqualTo(this.all.count());
	}

	@Test
	void refusesFractionsOutsideTheUnitIntervalOrSummingToOne() {
		assertThatIllegalArgumentException().isThrownBy(() -> this.splitter.split(this.all, -0.1, 0, 1));
		assertThatIllegalArgumentException().isThrownBy(() -> this.splitter.split(this.all, 0.5, 0.5, 1));
		assertThatIllegalArgumentException().isThrownBy(() -> this.splitter.split(this.all, Double.NaN, 0, 1));
	}

	@Test
	void takesAFixedTestSetAsItIsAndDrawsValidationFromTheTrainingRowsOnly() {
		Examples test = examples(4, 2, 1);
		DatasetSplit split = this.splitter.split(new BinaryDatasetStore.StoredRows(this.all, test), 0.2, 0.9, 42);
		assertThat(split.test()).isSameAs(test);
		assertThat(countPerClass(split.validation())).containsExactly(10, 6, 1);
		assertThat(countPerClass(split.train())).containsExactly(40, 24, 2);
		Set<Float> rows = new HashSet<>();
		for (Examples part : List.of(split.train(), split.validation())) {
			for (int r = 0; r < part.count(); r++) {
				rows.add(part.features()[r * 2 + 1]);
			}
		}
		assertThat(rows).hasSize(this.all.count());
		DatasetSplit again = this.splitter.split(new BinaryDatasetStore.StoredRows(this.all, test), 0.2, 0, 42);
		assertThat(again.validation().features()).isEqualTo(split.validation().features());
	}

	@Test
	void drawsTheTestRowsWhenThereIsNoFixedTestSet() {
		Examples none = new Examples(new float[0], new int[0], 2, 3);
		DatasetSplit split = this.splitter.split(new BinaryDatasetStore.StoredRows(this.all, none), 0.2, 0.1, 42);
		assertThat(countPerClass(split.test())).containsExactly(5, 3, 0);
		assertThat(split.test().features()).isEqualTo(this.splitter.split(this.all, 0.2, 0.1, 42).test().features());
	}

	private static Examples examples(int... perClass) {
		int count = 0;
		for (int n : perClass) {
			count += n;
		}
		float[] features = new float[count * 2];
		int[] labels = new int[count];
		int row = 0;
		// classes interleaved in stored order
		int[] left = perClass.clone();
		while (row < count) {
			for (int c = 0; c < perClass.length; c++) {
				if (left[c] > 0) {
					left[c]--;
					labels[row] = c;
					features[row * 2] = row;
					features[row * 2 + 1] = c * 100 + row;
					row++;
				}
			}
		}
		return new Examples(features, labels, 2, perClass.length);
	}

	private static int[] countPerClass(Examples examples) {
		int[] counts = new int[examples.classes()];
		for (int label : examples.labels()) {
			counts[label]++;
		}
		return counts;
	}

	private static Set<Integer> rowSet(Examples examples) {
		Set<Integer> rows = new HashSet<>();
		for (int i = 0; i < examples.count(); i++) {
			rows.add((int) examples.features()[i * 2]);
		}
		return rows;
	}

}
