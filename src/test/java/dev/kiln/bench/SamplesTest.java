package dev.kiln.bench;

import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class SamplesTest {

	@Test
	void theMeanAndItsStandardErrorUseTheSampleDeviation() {
		List<Double> values = List.of(1.0, 2.0, 3.0, 4.0);

		assertThat(Samples.mean(values)).isEqualTo(2.5);
		// sample variance 5/3, over 4 values
		assertThat(Samples.standardError(values)).isCloseTo(Math.sqrt(5.0 / 3 / 4), within(1e-12));
	}

	@Test
	void oneValueHasNoStandardErrorAndNoneHasNoMean() {
		assertThat(Samples.standardError(List.of(3.0))).isNaN();
		assertThat(Samples.mean(List.of())).isNaN();
	}

	@Test
	void theNearestRankPercentileIsAMeasuredValue() {
		List<Double> values = List.of(5.0, 1.0, 4.0, 2.0, 3.0);

		assertThat(Samples.median(values)).isEqualTo(3.0);
		assertThat(Samples.percentile(values, 99)).isEqualTo(5.0);
		assertThat(Samples.percentile(values, 1)).isEqualTo(1.0);
	}

	@Test
	void theMiddleOfAnEvenCountIsTheMeanOfTheTwoMiddleValues() {
		assertThat(Samples.middle(List.of(4.0, 1.0, 3.0, 2.0))).isEqualTo(2.5);
		assertThat(Samples.middle(List.of(7.0, 5.0))).isEqualTo(6.0);
		assertThat(Samples.middle(List.of(3.0, 9.0, 1.0))).isEqualTo(3.0);
		assertThat(Samples.middle(List.of())).isNaN();
	}

}
