package dev.kiln.e2e;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.dataset.api.preprocessor.NormalizerStandardize;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.assertj.core.data.Offset.offset;

/**
 * A checkpoint downloaded from Kiln opens in a plain DL4J application: a separate JVM
 * with DL4J's and ND4J's jars and no Kiln class on its classpath loads it with
 * {@code ModelSerializer}, predicts what Kiln's {@code /predict} does, and trains it on.
 */
class PlainDl4jIT extends KilnServerIT {

	/**
	 * Batch norm, pooling and a dropout layer beside everything Kiln swaps a runtime
	 * class in for on the CPU (a first convolution behind the flat-to-image preprocessor,
	 * ReLU, dropout on a layer, dense and output layers, Adam) and a schedule of Kiln's
	 * own (a decay to a floor). Min-max scaling, which the file carries as DL4J's
	 * normalizer: the plain application scales the raw pixels (0 to 16) with it, as
	 * {@code /predict} does with the job's.
	 */
	private static final String SPEC = """
			{"name": "plain-dl4j", "dataset": "digits8x8", "normalization": "minmax",
			 "model": {"input": [8, 8, 1], "layers": [
			   {"type": "conv2d", "filters": 8, "kernel": 3, "padding": "same", "activation": "relu"},
			   {"type": "batchnorm"},
			   {"type": "maxpool2d", "kernel": 2},
			   {"type": "dropout", "rate": 0.1},
			   {"type": "dense", "units": 32, "activation": "relu", "dropout": 0.2},
			   {"type": "output", "units": 10, "activation": "softmax", "loss": "cross-entropy"}]},
			 "training": {"epochs": 3, "batchSize": 32, "seed": 42,
			   "optimizer": {"type": "adam", "learningRate": 0.002},
			   "schedule": {"type": "exponential", "floor": 0.0002, "decaySteps": 100}}}""";

	private static final int ROWS = 10;

	private static final Path PROGRAM = Path.of("src", "test", "resources", "plain-dl4j", "PlainDl4jModel.java");

	private static final Duration PROGRAM_TIMEOUT = Duration.ofMinutes(3);

	@TempDir
	Path work;

	@Test
	void aDownloadedCheckpointPredictsAsKilnDoesAndTrainsOnInPlainDl4j() throws Exception {
		String id = this.kiln.submit(SPEC);
		JsonNode job = this.kiln.awaitEnd(id, Duration.ofMinutes(5));
		assertThat(job.get("status").asString()).as(job.toString()).isEqualTo("SUCCEEDED");
		String best = this.kiln.get("/api/v1/jobs/" + id + "/checkpoints").json().get("bestCheckpointId").asString();
		KilnClient.Response download = this.kiln.get("/api/v1/checkpoints/" + best + "/download");
		assertThat(download.status()).as(download.toString()).isEqualTo(200);
		Path model = Files.write(this.work.resolve("model.zip"), download.body());

		List<String> classNames = digitClassNames();
		List<Row> rows = firstDigitRows(classNames);
		double[][] kilnProbabilities = predict(id, best, rows, classNames);

		Path rowsFile = this.work.resolve("rows.csv");
		Files.write(rowsFile, rows.stream().map(Row::csv).toList());
		Path results = this.work.resolve("results.txt");
		String log = runPlainDl4j(model, rowsFile, results);

		List<String> lines = Files.readAllLines(results);
		// the job's min-max scaling, stored with the model as DL4J's own normalizer
		assertThat(lines).as(log).contains("normalizer " + NormalizerStandardize.class.getName());
		List<double[]> outputs = lines.stream()
			.filter((line) -> line.startsWith("output "))
			.map((line) -> numbers(line.substring("output ".length())))
			.toList();
		assertThat(outputs).as(log).hasSize(ROWS);
		for (int r = 0; r < ROWS; r++) {
			assertThat(outputs.get(r)).as("row %d of plain DL4J's output against Kiln's /predict%n%s", r, log)
				.containsExactly(kilnProbabilities[r], offset(1e-4));
		}
		String fit = lines.stream().filter((line) -> line.startsWith("fit ")).findFirst().orElse(null);
		assertThat(fit).as(log).isNotNull();
		double[] counts = numbers(fit.substring("fit ".length()));
		assertThat(counts[1]).as("epoch count after one more epoch: " + fit).isEqualTo(counts[0] + 1);
		assertThat(counts[3]).as("iteration count after one more epoch: " + fit).isGreaterThan(counts[2]);
		assertThat(Double.isFinite(counts[4])).as("finite score after one more epoch: " + fit).isTrue();

		assertNoModelFileNamesKilnClasses();
	}

	/** A row of the built-in dataset as its CSV holds it, with its class's index. */
	record Row(int classIndex, double[] features) {

		/** The line the plain program reads: the class index, then the features. */
		String csv() {
			return this.classIndex + ","
					+ Arrays.stream(this.features).mapToObj(Double::toString).collect(Collectors.joining(","));
		}

	}

	private List<String> digitClassNames() {
		for (JsonNode dataset : this.kiln.get("/api/v1/datasets").json().get("items")) {
			if (dataset.get("name").asString().equals("digits8x8")) {
				List<String> names = new ArrayList<>();
				dataset.get("classNames").forEach((name) -> names.add(name.asString()));
				return names;
			}
		}
		throw new AssertionError("no built-in dataset digits8x8");
	}

	/**
	 * The first rows of the shipped digits8x8.csv: 64 pixels, row by row (with one
	 * channel the flat channel-first order Kiln takes), then the label.
	 */
	private static List<Row> firstDigitRows(List<String> classNames) throws IOException {
		try (InputStream csv = PlainDl4jIT.class.getResourceAsStream("/datasets/digits8x8.csv");
				BufferedReader reader = new BufferedReader(new InputStreamReader(csv, StandardCharsets.UTF_8))) {
			return reader.lines().skip(1).limit(ROWS).map((line) -> {
				String[] fields = line.split(",");
				double[] features = Arrays.stream(fields, 0, fields.length - 1)
					.mapToDouble(Double::parseDouble)
					.toArray();
				int classIndex = classNames.indexOf(fields[fields.length - 1]);
				assertThat(classIndex).as("class of " + line).isNotNegative();
				return new Row(classIndex, features);
			}).toList();
		}
	}

	/** Kiln's probabilities for the rows, each in class-index order. */
	private double[][] predict(String jobId, String checkpointId, List<Row> rows, List<String> classNames) {
		ObjectNode request = KilnClient.JSON.createObjectNode();
		ArrayNode instances = request.putArray("instances");
		for (Row row : rows) {
			ArrayNode instance = instances.addArray();
			Arrays.stream(row.features()).forEach(instance::add);
		}
		request.put("checkpoint", checkpointId);
		KilnClient.Response response = this.kiln.post("/api/v1/jobs/" + jobId + "/predict", request.toString());
		assertThat(response.status()).as(response.toString()).isEqualTo(200);
		assertThat(response.json().get("checkpoint").asString()).isEqualTo(checkpointId);
		JsonNode predictions = response.json().get("predictions");
		assertThat(predictions).hasSize(rows.size());
		double[][] probabilities = new double[rows.size()][classNames.size()];
		for (int r = 0; r < rows.size(); r++) {
			JsonNode prediction = predictions.get(r);
			// the class names index as Kiln's classIndex does
			assertThat(classNames.get(prediction.get("classIndex").asInt()))
				.isEqualTo(prediction.get("label").asString());
			for (int c = 0; c < classNames.size(); c++) {
				probabilities[r][c] = prediction.get("probabilities").get(classNames.get(c)).asDouble();
			}
		}
		return probabilities;
	}

	/**
	 * Runs the plain DL4J program in a JVM of its own and answers what it printed.
	 */
	private String runPlainDl4j(Path model, Path rowsFile, Path results) throws Exception {
		String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
		Path log = this.work.resolve("plain-dl4j.log");
		ProcessBuilder builder = new ProcessBuilder(java, "-Xmx1g", "-Dorg.bytedeco.javacpp.maxPhysicalBytes=0", "-cp",
				plainDl4jClasspath(), PROGRAM.toString(), model.toString(), rowsFile.toString(), results.toString())
			.redirectErrorStream(true)
			.redirectOutput(log.toFile());
		// the machine's cores are the test server's too
		builder.environment().put("OMP_NUM_THREADS", "1");
		Process process = builder.start();
		if (!process.waitFor(PROGRAM_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
			process.destroyForcibly().waitFor();
			fail("the plain DL4J program did not end within %s:%n%s", PROGRAM_TIMEOUT, Files.readString(log));
		}
		String output = Files.readString(log);
		assertThat(process.exitValue()).as("the plain DL4J program's exit code:%n%s", output).isZero();
		return output;
	}

	/**
	 * The test JVM's classpath without any entry that holds Kiln's classes: the jars a
	 * DL4J application has, and others that Kiln's build brings along.
	 */
	private static String plainDl4jClasspath() {
		List<Path> kept = new ArrayList<>();
		List<Path> removed = new ArrayList<>();
		for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
			Path path = Path.of(entry).toAbsolutePath();
			(holdsKilnClasses(path) ? removed : kept).add(path);
		}
		assertThat(removed).as("the test JVM's classpath entries with Kiln's classes")
			.contains(Path.of("target", "classes").toAbsolutePath(),
					Path.of("target", "test-classes").toAbsolutePath());
		assertThat(kept).noneMatch(PlainDl4jIT::holdsKilnClasses);
		assertThat(kept).extracting((path) -> path.getFileName().toString())
			.contains("deeplearning4j-nn-1.0.0-M2.1.jar")
			.anyMatch((name) -> name.startsWith("nd4j-api-"))
			.anyMatch((name) -> name.startsWith("nd4j-native-"));
		return kept.stream().map(Path::toString).collect(Collectors.joining(File.pathSeparator));
	}

	private static boolean holdsKilnClasses(Path entry) {
		if (Files.isDirectory(entry)) {
			return Files.isDirectory(entry.resolve("dev").resolve("kiln"));
		}
		if (!Files.isRegularFile(entry)) {
			return false;
		}
		try (ZipFile jar = new ZipFile(entry.toFile())) {
			return jar.stream().anyMatch((file) -> file.getName().startsWith("dev/kiln/"));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** Every model file in the server's data folder names DL4J's classes only. */
	private static void assertNoModelFileNamesKilnClasses() throws IOException {
		List<Path> zips;
		try (Stream<Path> files = Files.walk(DATA_DIR)) {
			zips = files.filter((file) -> file.toString().endsWith(".zip")).toList();
		}
		int read = 0;
		for (Path zip : zips) {
			String configuration;
			try (ZipFile file = new ZipFile(zip.toFile())) {
				ZipEntry entry = file.getEntry("configuration.json");
				assertThat(entry).as("configuration.json in " + zip).isNotNull();
				configuration = new String(file.getInputStream(entry).readAllBytes(), StandardCharsets.UTF_8);
			}
			catch (IOException ex) {
				if (Files.exists(zip)) {
					throw ex;
				}
				// a job of another test class, still running, pruned it meanwhile
				continue;
			}
			assertThat(configuration).as("configuration.json in " + zip).doesNotContain("dev.kiln");
			read++;
		}
		assertThat(read).as("model files read in " + DATA_DIR).isPositive();
	}

	private static double[] numbers(String line) {
		return Arrays.stream(line.trim().split(" ")).mapToDouble(Double::parseDouble).toArray();
	}

}
