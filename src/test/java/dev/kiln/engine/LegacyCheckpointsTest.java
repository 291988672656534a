package dev.kiln.engine;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.zip.ZipFile;

import dev.kiln.spec.CompiledSpec;
import dev.kiln.spec.DataShape;
import dev.kiln.spec.JobSpec;
import dev.kiln.spec.SpecCompiler;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * Checkpoints in the first model-file format (src/test/resources/legacy-checkpoints,
 * written by the code of the time, naming {@code dev.kiln.spec} classes) still load,
 * predict what they predicted then, and resume; what the resumed run writes is DL4J's own
 * format.
 */
class LegacyCheckpointsTest {

	private static final JsonMapper MAPPER = JsonMapper.builder().build();

	private static final Path FOLDER = Path.of("src/test/resources/legacy-checkpoints");

	@TempDir
	Path dir;

	@ParameterizedTest
	@ValueSource(strings = { "softmax", "mlp", "cnn", "lstm" })
	void predictsWhatItPredictedWhenWritten(String kind) throws IOException {
		JsonNode record = record(kind);
		assertThat(configurationJson(FOLDER.resolve(kind + ".zip"))).contains("\"dev.kiln.spec.");
		float[][] rows = MAPPER.treeToValue(record.get("rows"), float[][].class);
		float[][] expected = MAPPER.treeToValue(record.get("probabilities"), float[][].class);
		for (Accelerations accelerations : Accelerations.values()) {
			try (Predictor predictor = new Predictor(
					ModelFiles.loadWeights(FOLDER.resolve(kind + ".zip"), accelerations))) {
				float[][] actual = predictor.probabilities(rows);
				for (int r = 0; r < rows.length; r++) {
					for (int c = 0; c < expected[r].length; c++) {
						assertThat(actual[r][c]).as("%s, %s, row %d, class %d", kind, accelerations, r, c)
							.isCloseTo(expected[r][c], within(1e-5f));
					}
				}
			}
		}
	}

	@ParameterizedTest
	@ValueSource(strings = { "softmax", "mlp", "cnn", "lstm" })
	void resumesOnTheSpecsScheduleAndWritesDl4jsOwnFormat(String kind) throws IOException {
		JsonNode record = record(kind);
		int features = record.get("features").asInt();
		int completed = record.get("epochsCompleted").asInt();
		CompiledSpec compiled = new SpecCompiler().compile(MAPPER.treeToValue(record.get("spec"), JobSpec.class),
				new DataShape(List.of(features), 3, 96));
		Path checkpoint = Files.copy(FOLDER.resolve(kind + ".zip"), this.dir.resolve(kind + ".zip"));
		TestNetworks.SnapshotWriter observer = new TestNetworks.SnapshotWriter(this.dir.resolve("next"));

		TrainingOutcome outcome = new Trainer().train(new TrainingTask(compiled.configuration(), data(features, 96, 1),
				data(features, 30, 2), completed + 1, 16, 5L, new TrainingTask.Resume(checkpoint, completed)),
				observer);

		assertThat(outcome).isEqualTo(new TrainingOutcome.Completed(completed + 1));
		assertThat(observer.results).singleElement().satisfies((result) -> {
			assertThat(result.epoch()).isEqualTo(completed + 1);
			assertThat(result.trainLoss()).isFinite();
			assertThat(result.validationAccuracy()).isGreaterThan(0.5);
			// the spec's schedule, which the old file held and the new one cannot
			assertThat(result.learningRate()).isEqualTo(expectedLearningRate(compiled.configuration(), result));
		});
		Path next = observer.path(completed + 1);
		assertThat(configurationJson(next)).doesNotContain("dev.kiln");
		MultiLayerNetwork plain = ModelSerializer.restoreMultiLayerNetwork(next.toFile(), true);
		assertThat(plain.getEpochCount()).isEqualTo(completed + 1);
	}

	private static double expectedLearningRate(MultiLayerConfiguration configuration, EpochResult result) {
		BaseLayer output = (BaseLayer) configuration.getConf(configuration.getConfs().size() - 1).getLayer();
		return output.getIUpdater().getLearningRate((int) result.iterations() - 1, result.epoch() - 1);
	}

	private static JsonNode record(String kind) throws IOException {
		return MAPPER.readTree(FOLDER.resolve(kind + ".json").toFile());
	}

	static String configurationJson(Path zip) throws IOException {
		try (ZipFile file = new ZipFile(zip.toFile());
				InputStream in = file.getInputStream(file.getEntry(ModelSerializer.CONFIGURATION_JSON))) {
			return new String(in.readAllBytes(), StandardCharsets.UTF_8);
		}
	}

	/** The rows the checkpoints were trained on: three noisy classes. */
	static Examples data(int features, int count, long seed) {
		Random random = new Random(seed);
		float[] values = new float[count * features];
		int[] labels = new int[count];
		for (int i = 0; i < count; i++) {
			int label = i % 3;
			labels[i] = label;
			for (int f = 0; f < features; f++) {
				float centre = (f % 3 == label) ? 1f : 0f;
				values[i * features + f] = centre + (float) (0.3 * random.nextGaussian());
			}
		}
		return new Examples(values, labels, features, 3);
	}

}
