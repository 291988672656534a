package dev.kiln.engine;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;

import dev.kiln.spec.CompiledSpec;
import dev.kiln.spec.DataShape;
import dev.kiln.spec.JobSpec;
import dev.kiln.spec.SpecCompiler;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The course's recipes trained side by side with Kiln's CPU implementations on and off
 * ({@link Accelerations}), on the same 3,000 Fashion-MNIST images, from the same seed:
 * off, the network is DL4J's own and every array goes through ND4J's ordinary API, the
 * path a GPU takes. Both must reach the same test accuracy on the 600 test images within
 * {@link #TOLERANCE}: the two differ by float rounding and, with dropout, by the masks
 * drawn, which moves a single run's accuracy by a point or two at this size (seen: 0, 0.3
 * and 0.7 points for softmax, the MLP and the CNN).
 */
class AccelerationsIT {

	/** Test accuracies may differ by at most this (absolute). */
	static final double TOLERANCE = 0.03;

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static Examples train;

	private static Examples test;

	@BeforeAll
	static void fashionMnistSubset() throws IOException {
		NativeRuntime.configure(EngineSettings.defaults());
		Examples rawTrain = idx("train", 3000);
		Examples rawTest = idx("t10k", 600);
		FeatureScaling scaling = FeatureScaling.fit("minmax", rawTrain);
		train = scaling.apply(rawTrain);
		test = scaling.apply(rawTest);
	}

	@ParameterizedTest(name = "{0}")
	@CsvSource({ "fashion-mnist-1-softmax.json, 3, 0.75", "fashion-mnist-5-mlp-relu-decay-dropout.json, 3, 0.70",
			"fashion-mnist-7-cnn-batchnorm.json, 2, 0.75" })
	void aRecipeReachesTheSameAccuracyWithAccelerationsOnAndOff(String recipe, int epochs, double floor)
			throws IOException {
		ObjectNode spec = (ObjectNode) JSON.readTree(Files.readString(Path.of("examples", recipe)));
		((ObjectNode) spec.get("training")).put("epochs", epochs);
		CompiledSpec compiled = new SpecCompiler().compile(JSON.treeToValue(spec, JobSpec.class),
				new DataShape(List.of(784), 10, train.count()));

		double on = testAccuracy(compiled, Accelerations.AUTO);
		double off = testAccuracy(compiled, Accelerations.OFF);

		assertThat(on).as("accuracy with accelerations").isGreaterThan(floor);
		assertThat(off).as("accuracy without accelerations").isGreaterThan(floor);
		assertThat(Math.abs(on - off)).as("on %.4f, off %.4f", on, off).isLessThanOrEqualTo(TOLERANCE);
	}

	private static double testAccuracy(CompiledSpec compiled, Accelerations accelerations) throws IOException {
		Path folder = Files.createTempDirectory("accelerations-");
		try {
			TestNetworks.SnapshotWriter observer = new TestNetworks.SnapshotWriter(folder);
			TrainingOutcome outcome = new Trainer(accelerations)
				.train(new TrainingTask(compiled.configuration(), train, null, compiled.settings().epochs(),
						compiled.settings().batchSize(), compiled.settings().seed(), null), observer);
			assertThat(outcome).isInstanceOf(TrainingOutcome.Completed.class);
			List<String> classNames = new ArrayList<>();
			for (int c = 0; c < 10; c++) {
				classNames.add("class " + c);
			}
			return Evaluator
				.evaluate(ModelFiles.loadWeights(observer.path(compiled.settings().epochs()), accelerations), test,
						classNames, accelerations)
				.accuracy();
		}
		finally {
			try (var files = Files.list(folder)) {
				for (Path file : files.toList()) {
					Files.delete(file);
				}
			}
			Files.delete(folder);
		}
	}

	/** The first {@code count} images and labels of a gzipped IDX pair. */
	private static Examples idx(String part, int count) throws IOException {
		float[] pixels = new float[count * 784];
		int[] labels = new int[count];
		try (DataInputStream images = gzipped(part + "-images-idx3-ubyte.gz");
				DataInputStream classes = gzipped(part + "-labels-idx1-ubyte.gz")) {
			images.skipNBytes(16);
			classes.skipNBytes(8);
			byte[] image = new byte[784];
			for (int i = 0; i < count; i++) {
				images.readFully(image);
				for (int p = 0; p < 784; p++) {
					pixels[i * 784 + p] = image[p] & 0xff;
				}
				labels[i] = classes.readUnsignedByte();
			}
		}
		return new Examples(pixels, labels, 784, 10);
	}

	private static DataInputStream gzipped(String name) throws IOException {
		InputStream in = AccelerationsIT.class.getResourceAsStream("/e2e/fashion-mnist-subset/" + name);
		return new DataInputStream(new GZIPInputStream(in));
	}

}
