package dev.kiln.e2e;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import dev.kiln.KilnApplication;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.util.FileSystemUtils;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Kiln whose datasets and checkpoints live on a small file system that fills up: an
 * upload that does not fit answers 507 and leaves nothing behind, a checkpoint that does
 * not fit leaves neither a file nor a row (the job's earlier checkpoint stays its newest
 * intact one) and the job ends with "no space left on ...", and readiness goes down while
 * the disk is nearly full. The file system is a tmpfs the test mounts, which takes root
 * on Linux (as in CI); elsewhere the test is skipped, saying so, and the store-level
 * tests (CheckpointServiceTest, BinaryDatasetStoreTest, StagedUploadTest) still cover the
 * clean-up.
 */
class FullDiskIT {

	/**
	 * Outside target/: a mount left behind by a killed run must not stop
	 * {@code mvn clean}.
	 */
	private static final Path BASE = Path.of(System.getProperty("java.io.tmpdir"),
			"kiln-full-disk-" + UUID.randomUUID());

	/** The small file system: the built-in datasets (about 0.5 MB) and room to spare. */
	private static final Path SMALL = BASE.resolve("small");

	private static final String SIZE = "8m";

	/**
	 * Two 200-unit layers: with Adam's state a checkpoint takes about 0.5 MB, so that one
	 * more fits or does not, whatever the file system's block size.
	 */
	private static final String SPEC = """
			{"name": "%s", "dataset": "kept", "split": {"validation": 0.2, "test": 0.2, "seed": 7},
			 "normalization": "standardize",
			 "model": {"input": [4], "layers": [
			   {"type": "dense", "units": 200, "activation": "relu"},
			   {"type": "dense", "units": 200, "activation": "relu"},
			   {"type": "output", "units": 3, "activation": "softmax", "loss": "cross-entropy"}]},
			 "training": {"epochs": %d, "batchSize": 16, "seed": 42,
			   "optimizer": {"type": "adam", "learningRate": 0.01}},
			 "checkpoints": {"every": 1, "keepLast": 10}}""";

	private static boolean mounted;

	private static ConfigurableApplicationContext context;

	private static KilnClient kiln;

	@BeforeAll
	static void mountASmallFileSystemAndStartKiln() throws Exception {
		Files.createDirectories(SMALL);
		String refusal = run("mount", "-t", "tmpfs", "-o", "size=" + SIZE, "tmpfs", SMALL.toString());
		if (refusal != null) {
			String message = "FullDiskIT SKIPPED: it mounts a " + SIZE + " tmpfs to fill up, which needs root on "
					+ "Linux (CI runs it so); here `mount` said: " + refusal;
			System.err
				.println("!".repeat(100) + System.lineSeparator() + message + System.lineSeparator() + "!".repeat(100));
			Assumptions.abort(message);
		}
		mounted = true;
		Path dataDir = BASE.resolve("data");
		context = new SpringApplicationBuilder(KilnApplication.class).run("--server.port=0",
				"--kiln.data-dir=" + dataDir, "--kiln.datasets.dir=" + SMALL.resolve("datasets"),
				"--kiln.checkpoints.dir=" + SMALL.resolve("checkpoints"), "--kiln.jobs.max-attempts=2",
				"--kiln.storage.min-free-space=1MB");
		kiln = KilnClient.admin(context.getEnvironment().getRequiredProperty("local.server.port", Integer.class),
				dataDir);
	}

	@AfterAll
	static void stopKilnAndUnmount() throws Exception {
		if (context != null) {
			context.close();
		}
		if (mounted) {
			String refusal = run("umount", SMALL.toString());
			assertThat(refusal).as("umount " + SMALL).isNull();
		}
		FileSystemUtils.deleteRecursively(BASE);
	}

	@Test
	void writesThatDoNotFitLeaveNothingBehindAndSaySoWhileWhatWasStoredStaysIntact() throws Exception {
		KilnClient.Response kept = kiln.upload("/api/v1/datasets", Map.of("name", "kept", "labelColumn", "label"),
				Map.of("file", csv(90)));
		assertThat(kept.status()).as(kept.toString()).isEqualTo(201);
		assertThat(readiness().status()).isEqualTo(200);

		// an upload that does not fit
		Path filler = SMALL.resolve("filler");
		fill(filler, 64 * 1024);
		KilnClient.Response readiness = readiness();
		assertThat(readiness.status()).as("ready no more below kiln.storage.min-free-space").isEqualTo(503);
		assertThat(readiness.json().at("/components/storage/status").asString()).isEqualTo("DOWN");
		Map<String, Long> datasetFiles = files(SMALL.resolve("datasets"));
		KilnClient.Response refused = kiln.upload("/api/v1/datasets", Map.of("name", "too-big", "labelColumn", "label"),
				Map.of("file", csv(8000)));
		assertThat(refused.status()).as(refused.toString()).isEqualTo(507);
		assertThat(refused.header("Content-Type")).startsWith("application/problem+json");
		assertThat(refused.json().get("type").asString()).isEqualTo("/problems/insufficient-storage");
		assertThat(files(SMALL.resolve("datasets"))).as("no part or dataset file left behind").isEqualTo(datasetFiles);
		assertThat(kiln.get("/api/v1/datasets?size=100").text()).contains("\"kept\"").doesNotContain("too-big");
		Files.delete(filler);
		assertThat(readiness().status()).isEqualTo(200);

		// a job whose second checkpoint does not fit; one trained on the same spec before
		// tells how much one takes
		JsonNode sized = kiln.awaitEnd(kiln.submit(SPEC.formatted("sized", 1)), Duration.ofMinutes(2));
		assertThat(sized.get("status").asString()).as(sized.toString()).isEqualTo("SUCCEEDED");
		long checkpointBytes = kiln.get("/api/v1/jobs/" + sized.get("id").asString() + "/checkpoints")
			.json()
			.at("/items/0/sizeBytes")
			.asLong();
		assertThat(checkpointBytes).isGreaterThan(400_000);
		fill(filler, checkpointBytes * 3 / 2);

		String id = kiln.submit(SPEC.formatted("full", 4));
		JsonNode job = kiln.awaitEnd(id, Duration.ofMinutes(2));
		assertThat(job.get("status").asString()).as(job.toString()).isEqualTo("FAILED");
		assertThat(job.get("error").asString())
			.contains("no space left on " + SMALL.resolve("checkpoints") + " to write the checkpoint of epoch 2")
			.doesNotContain("Exception");
		assertThat(job.get("attempt").asInt()).as("retried").isGreaterThanOrEqualTo(2);
		JsonNode checkpoints = kiln.get("/api/v1/jobs/" + id + "/checkpoints").json().get("items");
		assertThat(checkpoints).as("no row for the checkpoint that did not fit").hasSize(1);
		JsonNode newest = checkpoints.get(0);
		assertThat(newest.get("epoch").asInt()).isEqualTo(1);
		assertThat(files(SMALL.resolve("checkpoints").resolve(id)).keySet()).as("no partial file")
			.containsExactly("epoch-1-" + newest.get("id").asString() + ".zip");
		KilnClient.Response download = kiln.get("/api/v1/checkpoints/" + newest.get("id").asString() + "/download");
		assertThat(download.status()).isEqualTo(200);
		assertThat(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(download.body())))
			.as("the earlier checkpoint is intact")
			.isEqualTo(newest.get("sha256").asString());
		assertThat(kiln.get("/api/v1/jobs/" + id + "/metrics").json().get("items")).as("no metrics of epoch 2")
			.hasSize(1);

		Files.delete(filler);
		assertThat(readiness().status()).isEqualTo(200);
	}

	private static KilnClient.Response readiness() {
		return kiln.get("/actuator/health/readiness");
	}

	/** Writes {@code file} until the file system has about {@code leftBytes} free. */
	private static void fill(Path file, long leftBytes) throws IOException {
		long size = Files.getFileStore(SMALL).getUsableSpace() - leftBytes;
		byte[] chunk = new byte[4096];
		try (OutputStream out = Files.newOutputStream(file)) {
			for (long written = 0; written < size; written += chunk.length) {
				out.write(chunk, 0, (int) Math.min(chunk.length, size - written));
			}
		}
	}

	/** Four features and a label of three classes that the features tell apart. */
	private static byte[] csv(int rows) {
		StringBuilder csv = new StringBuilder("a,b,c,d,label\n");
		for (int i = 0; i < rows; i++) {
			int label = i % 3;
			csv.append(label + (i % 7) * 0.1)
				.append(',')
				.append(label * 2 - (i % 5) * 0.1)
				.append(',')
				.append((i % 11) * 0.3)
				.append(',')
				.append(i)
				.append(',')
				.append("class")
				.append(label)
				.append('\n');
		}
		return csv.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8);
	}

	/** The folder's files and their sizes (none if it does not exist). */
	private static Map<String, Long> files(Path folder) throws IOException {
		Map<String, Long> files = new TreeMap<>();
		if (Files.isDirectory(folder)) {
			try (Stream<Path> list = Files.list(folder)) {
				for (Path file : list.toList()) {
					files.put(file.getFileName().toString(), Files.size(file));
				}
			}
		}
		return files;
	}

	/** Runs a command; null if it succeeded, else what it said. */
	private static String run(String... command) throws IOException, InterruptedException {
		Process process;
		try {
			process = new ProcessBuilder(command).redirectErrorStream(true).start();
		}
		catch (IOException ex) {
			return ex.getMessage();
		}
		if (!process.waitFor(30, TimeUnit.SECONDS)) {
			process.destroyForcibly();
			return "no answer in 30 s";
		}
		String output = new String(process.getInputStream().readAllBytes()).strip();
		return (process.exitValue() == 0) ? null : "exit " + process.exitValue() + ": " + output;
	}

}
