package dev.kiln.engine;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.dataset.api.preprocessor.DataNormalization;
import org.deeplearning4j.util.ModelSerializer;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIOException;

class ModelFilesTest {

	@TempDir
	Path dir;

	@Test
	void writtenNetworksReadBackWithTheirStateAndCounters() throws IOException {
		MultiLayerNetwork network = new MultiLayerNetwork(TestNetworks.mlp());
		network.init();
		Examples rows = TestNetworks.blobs(40, 3);
		DataSet batch = new DataSet(Nd4j.create(rows.features(), new long[] { rows.count(), rows.featureLength() }),
				Nd4j.create(oneHot(rows), new long[] { rows.count(), rows.classes() }));
		for (int i = 0; i < 3; i++) {
			network.fit(batch);
		}
		network.incrementEpochCount();
		Path file = this.dir.resolve("model.zip");

		ModelFiles.write(network, file);
		MultiLayerNetwork loaded = ModelFiles.load(file, Accelerations.OFF);
		MultiLayerNetwork weights = ModelFiles.loadWeights(file, Accelerations.AUTO);

		assertThat(loaded.getLayerWiseConfigurations()).isEqualTo(network.getLayerWiseConfigurations());
		// with accelerations, Kiln's own dense and output layers
		assertThat(weights.getLayerWiseConfigurations().getConf(0).getLayer().getClass().getName())
			.startsWith("dev.kiln.engine.cpu.");
		assertThat(loaded.params()).isEqualTo(network.params());
		assertThat(loaded.getUpdater().getStateViewArray()).isEqualTo(network.getUpdater().getStateViewArray());
		assertThat(loaded.getUpdater().getStateViewArray().amaxNumber().doubleValue()).isPositive();
		assertThat(loaded.getIterationCount()).isEqualTo(3);
		assertThat(loaded.getEpochCount()).isEqualTo(1);
		assertThat(weights.params()).isEqualTo(network.params());
		assertThat(weights.output(batch.getFeatures())).isEqualTo(network.output(batch.getFeatures()));
	}

	@Test
	void theScalingRowsTakeIsStoredAsDl4jsOwnNormalizer() throws Exception {
		MultiLayerNetwork network = new MultiLayerNetwork(TestNetworks.mlp());
		network.init();
		Examples rows = TestNetworks.blobs(40, 3);
		Path scaled = this.dir.resolve("scaled.zip");
		Path unscaled = this.dir.resolve("unscaled.zip");

		for (String kind : new String[] { "minmax", "standardize" }) {
			FeatureScaling scaling = FeatureScaling.fit(kind, rows);
			ModelFiles.write(network, scaled, scaling);
			DataNormalization normalizer = ModelSerializer.restoreNormalizerFromFile(scaled.toFile());
			INDArray features = Nd4j.create(rows.features(), new long[] { rows.count(), rows.featureLength() });
			normalizer.transform(features);
			assertThat(features.reshape(-1).toFloatVector()).as(kind)
				.containsExactly(scaling.apply(rows).features(), within(1e-6f));
		}
		ModelFiles.write(network, unscaled, FeatureScaling.fit("none", rows));
		DataNormalization none = ModelSerializer.restoreNormalizerFromFile(unscaled.toFile());
		assertThat(none).isNull();
	}

	private static float[] oneHot(Examples rows) {
		float[] labels = new float[rows.count() * rows.classes()];
		for (int i = 0; i < rows.count(); i++) {
			labels[i * rows.classes() + rows.labels()[i]] = 1;
		}
		return labels;
	}

	@Test
	void missingFileIsReportedAsMissing() {
		assertThatExceptionOfType(NoSuchFileException.class)
			.isThrownBy(() -> ModelFiles.load(this.dir.resolve("absent.zip"), Accelerations.AUTO));
	}

	@Test
	void fileThatIsNotAModelIsRejected() throws IOException {
		Path junk = Files.writeString(this.dir.resolve("junk.zip"), "not a model");

		assertThatIOException().isThrownBy(() -> ModelFiles.load(junk, Accelerations.AUTO));
	}

}
