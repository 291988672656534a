package dev.kiln.spec;

import java.io.File;
import java.nio.file.Path;
import java.util.List;

import org.deeplearning4j.nn.conf.InputPreProcessor;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.layers.recurrent.LastTimeStep;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.deeplearning4j.util.ModelSerializer;
import org.deeplearning4j.preprocessors.ReshapePreprocessor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Compiled networks train on the flat rows the engine feeds them.
 */
class TrainingSmokeTest {

	private static final String LSTM = """
			{"model": {"input": [10, 3], "layers": [{"type": "lstm", "units": 8}, {"type": "output", "units": 2}]},
			 "training": {"optimizer": {"learningRate": 0.01}}}
			""";

	private static final String CNN = """
			{"model": {"input": [8, 8, 1], "layers": [
			  {"type": "conv2d", "filters": 4, "kernel": 3, "padding": "same"}, {"type": "maxpool2d"},
			  {"type": "batchnorm"}, {"type": "conv2d", "filters": 6, "kernel": 2, "stride": 2, "dropout": 0.1},
			  {"type": "dense", "units": 10, "dropout": 0.2}, {"type": "output"}]}}
			""";

	@Test
	void lstmTrainsOnFlatRows(@TempDir Path dir) throws Exception {
		CompiledSpec compiled = Specs.compile(LSTM, new DataShape(List.of(30), 2, 16));
		assertThat(compiled.configuration().getConf(0).getLayer()).isInstanceOf(LastTimeStep.class);
		assertThat(compiled.configuration().getInputPreProcess(0)).isInstanceOf(ReshapePreprocessor.class);

		MultiLayerNetwork network = trainsAndLearns(compiled.configuration(), 30, 2);
		assertThat(network.output(Nd4j.rand(DataType.FLOAT, 5, 30)).shape()).containsExactly(5, 2);

		MultiLayerConfiguration parsed = MultiLayerConfiguration.fromJson(compiled.configuration().toJson());
		assertThat(parsed).isEqualTo(compiled.configuration());
		File file = dir.resolve("lstm.zip").toFile();
		ModelSerializer.writeModel(network, file, true);
		MultiLayerNetwork restored = ModelSerializer.restoreMultiLayerNetwork(file, true);
		INDArray rows = Nd4j.rand(DataType.FLOAT, 3, 30);
		assertThat(restored.output(rows)).isEqualTo(network.output(rows));
	}

	@Test
	void cnnTrainsOnFlatRows() {
		CompiledSpec compiled = Specs.compile(CNN, new DataShape(List.of(64), 3, 16));
		trainsAndLearns(compiled.configuration(), 64, 3);
	}

	/** DL4J's reshape, as compiled, hands the LSTM [n, timesteps, features] (NWC). */
	@Test
	void sequenceRowsHoldOneTimeStepAfterAnother() {
		InputPreProcessor preProcessor = Specs.compile("""
				{"model": {"input": [4, 3], "layers": [{"type": "lstm", "units": 2}, {"type": "output", "units": 2}]}}
				""", new DataShape(List.of(12), 2, 16)).configuration().getInputPreProcess(0);
		INDArray rows = Nd4j.arange(24).castTo(DataType.FLOAT).reshape(2, 12);

		INDArray sequences = preProcessor.preProcess(rows, 2, LayerWorkspaceMgr.noWorkspaces());

		assertThat(sequences.shape()).containsExactly(2, 4, 3);
		for (int n = 0; n < 2; n++) {
			for (int t = 0; t < 4; t++) {
				for (int f = 0; f < 3; f++) {
					assertThat(sequences.getDouble(n, t, f)).isEqualTo(rows.getDouble(n, t * 3 + f));
				}
			}
		}
		assertThat(preProcessor.backprop(sequences, 2, LayerWorkspaceMgr.noWorkspaces())).isEqualTo(rows);
	}

	/** Fits a random, learnable problem and checks the loss falls. */
	private static MultiLayerNetwork trainsAndLearns(MultiLayerConfiguration configuration, int features, int classes) {
		Nd4j.getRandom().setSeed(1);
		int n = 32;
		INDArray x = Nd4j.rand(DataType.FLOAT, n, features);
		INDArray labels = Nd4j.zeros(DataType.FLOAT, n, classes);
		for (int i = 0; i < n; i++) {
			// the class is decided by the first feature, so the problem is learnable
			labels.putScalar(i, (int) Math.min(classes - 1, x.getDouble(i, 0) * classes), 1);
		}
		DataSet data = new DataSet(x, labels);
		MultiLayerNetwork network = new MultiLayerNetwork(configuration);
		network.init();
		double before = network.score(data);
		for (int i = 0; i < 15; i++) {
			network.fit(data);
		}
		assertThat(network.score(data)).isFinite().isLessThan(before);
		return network;
	}

}
