package dev.kiln.engine;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.within;

class FeatureScalingTest {

	/** Three rows of three features; the last feature is constant. */
	private static final Examples TRAIN = new Examples(new float[] { 0, 10, 5, 2, 20, 5, 4, 30, 5 },
			new int[] { 0, 1, 0 }, 3, 2);

	@Test
	void noneIsTheIdentity() {
		FeatureScaling scaling = FeatureScaling.fit("none", TRAIN);

		assertThat(scaling.apply(TRAIN).features()).containsExactly(TRAIN.features());
	}

	@Test
	void minMaxMapsTheTrainingRangeOntoZeroToOne() {
		FeatureScaling scaling = FeatureScaling.fit("minmax", TRAIN);

		assertThat(scaling.offset()).containsExactly(0, 10, 5);
		assertThat(scaling.scale()).containsExactly(4, 20, 1);
		assertThat(scaling.apply(TRAIN).features()).containsExactly(0, 0, 0, 0.5f, 0.5f, 0, 1, 1, 0);
		// rows outside the training range fall outside [0, 1]
		assertThat(scaling.apply(new float[][] { { 8, 0, 6 } })[0]).containsExactly(2, -0.5f, 1);
	}

	@Test
	void inPlaceScalingGivesWhatApplyGivesInTheSameArray() {
		FeatureScaling scaling = FeatureScaling.fit("standardize", TRAIN);
		Examples copy = new Examples(TRAIN.features().clone(), TRAIN.labels().clone(), TRAIN.featureLength(),
				TRAIN.classes());

		Examples scaled = scaling.applyInPlace(copy);

		assertThat(scaled).isSameAs(copy);
		assertThat(scaled.features()).containsExactly(scaling.apply(TRAIN).features()).isNotEqualTo(TRAIN.features());
		assertThat(scaled.labels()).containsExactly(TRAIN.labels());
	}

	@Test
	void standardizeGivesZeroMeanAndUnitVariance() {
		FeatureScaling scaling = FeatureScaling.fit("standardize", TRAIN);

		float[] scaled = scaling.apply(TRAIN).features();
		for (int f = 0; f < 2; f++) {
			double mean = (scaled[f] + scaled[3 + f] + scaled[6 + f]) / 3;
			double variance = (Math.pow(scaled[f] - mean, 2) + Math.pow(scaled[3 + f] - mean, 2)
					+ Math.pow(scaled[6 + f] - mean, 2)) / 3;
			assertThat(mean).isCloseTo(0, within(1e-6));
			assertThat(variance).isCloseTo(1, within(1e-5));
		}
		assertThat(scaling.offset()[2]).isEqualTo(5);
		assertThat(scaling.scale()[2]).as("zero deviation gets scale 1").isEqualTo(1);
		assertThat(scaling.scale()[0]).isCloseTo((float) Math.sqrt(8.0 / 3), within(1e-6f));
	}

	@Test
	void applyReturnsNewArraysAndKeepsLabels() {
		FeatureScaling scaling = FeatureScaling.fit("minmax", TRAIN);
		float[] before = TRAIN.features().clone();
		float[][] rows = { { 2, 20, 5 } };

		Examples scaled = scaling.apply(TRAIN);
		float[][] scaledRows = scaling.apply(rows);

		assertThat(TRAIN.features()).containsExactly(before);
		assertThat(scaled.features()).isNotSameAs(TRAIN.features());
		assertThat(scaled.labels()).containsExactly(TRAIN.labels());
		assertThat(rows[0]).containsExactly(2, 20, 5);
		assertThat(scaledRows[0]).containsExactly(0.5f, 0.5f, 0);
	}

	@Test
	void wrongLengthsAndUnknownKindsAreRejected() {
		FeatureScaling scaling = FeatureScaling.fit("standardize", TRAIN);

		assertThatIllegalArgumentException().isThrownBy(() -> scaling.apply(new float[][] { { 1, 2 } }))
			.withMessageContaining("row 0 has 2 values, the scaling takes 3");
		assertThatIllegalArgumentException().isThrownBy(() -> scaling.apply(TestNetworks.blobs(3, 1)))
			.withMessageContaining("rows have 4 features");
		assertThatIllegalArgumentException().isThrownBy(() -> FeatureScaling.fit("zscore", TRAIN))
			.withMessageContaining("unknown scaling 'zscore'");
	}

	@Test
	void noTrainingRowsGiveTheIdentity() {
		Examples empty = new Examples(new float[0], new int[0], 3, 2);

		FeatureScaling scaling = FeatureScaling.fit("standardize", empty);

		assertThat(scaling.offset()).containsExactly(0, 0, 0);
		assertThat(scaling.scale()).containsExactly(1, 1, 1);
	}

}
