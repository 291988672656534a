package dev.kiln.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import tools.jackson.databind.JsonNode;

/**
 * Trains a recipe with PyTorch on the CPU, in a separate Python process
 * ({@code bench/pytorch/train.py}), on the same IDX files, rows, threads, batch size,
 * optimiser and epochs.
 */
final class PyTorchRunner {

	private final String python;

	private final Path script;

	private final Path scratch;

	PyTorchRunner(String python, Path script, Path scratch) {
		this.python = python;
		this.script = script;
		this.scratch = scratch;
	}

	/** The torch version, or null (with the reason in {@code why}) if it cannot run. */
	String version(StringBuilder why) {
		if (!Files.isRegularFile(this.script)) {
			why.append("no ").append(this.script);
			return null;
		}
		try {
			Process process = new ProcessBuilder(this.python, "-c", "import torch; print(torch.__version__)")
				.redirectErrorStream(true)
				.start();
			String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
			if (process.waitFor() == 0) {
				return out;
			}
			why.append(this.python).append(" cannot import torch: ").append(lastLine(out));
		}
		catch (IOException ex) {
			why.append("cannot run ").append(this.python).append(": ").append(ex.getMessage());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			why.append("interrupted");
		}
		return null;
	}

	/** Samples/s while training (all epochs) and test accuracy. */
	Map<String, Double> run(Path data, Path recipe, int trainRows, int epochs, int threads, long seed)
			throws IOException, InterruptedException {
		JsonNode result = train(data, recipe, trainRows, epochs, threads, seed, 1).get(0);
		double seconds = 0;
		for (JsonNode epoch : result.get("epochSeconds")) {
			seconds += epoch.asDouble();
		}
		Map<String, Double> figures = new LinkedHashMap<>();
		figures.put("samplesPerSecond", (double) trainRows * epochs / seconds);
		figures.put("testAccuracy", result.get("testAccuracy").asDouble());
		return figures;
	}

	/**
	 * Samples/s epoch by epoch (the rows trained over each epoch's training passes) and
	 * test accuracy.
	 */
	EpochRates epochs(Path data, Path recipe, int trainRows, int epochs, int threads, long seed)
			throws IOException, InterruptedException {
		JsonNode result = train(data, recipe, trainRows, epochs, threads, seed, 1).get(0);
		// the rows it trained: fewer than asked for if the file holds fewer
		int rows = result.get("trainRows").asInt();
		List<Double> rates = new ArrayList<>();
		for (JsonNode epoch : result.get("epochSeconds")) {
			rates.add(rows / epoch.asDouble());
		}
		return new EpochRates(rates, result.get("testAccuracy").asDouble());
	}

	/**
	 * The test accuracies of {@code count} networks trained with seeds {@code firstSeed},
	 * {@code firstSeed + 1}, ..., in one process.
	 */
	List<Double> accuracies(Path data, Path recipe, int trainRows, int epochs, int threads, long firstSeed, int count)
			throws IOException, InterruptedException {
		List<Double> accuracies = new ArrayList<>();
		for (JsonNode result : train(data, recipe, trainRows, epochs, threads, firstSeed, count)) {
			accuracies.add(result.get("testAccuracy").asDouble());
		}
		return accuracies;
	}

	/** Runs the script; answers its result lines, one per seed. */
	private List<JsonNode> train(Path data, Path recipe, int trainRows, int epochs, int threads, long seed,
			int seeds) throws IOException, InterruptedException {
		List<String> command = new ArrayList<>(List.of(this.python, this.script.toString(), "--data", data.toString(),
				"--recipe", recipe.toString(), "--train-rows", Integer.toString(trainRows), "--epochs",
				Integer.toString(epochs), "--threads", Integer.toString(threads), "--seed", Long.toString(seed),
				"--seeds", Integer.toString(seeds)));
		Files.createDirectories(this.scratch);
		Path errors = Files.createTempFile(this.scratch, "pytorch-", ".log");
		ProcessBuilder builder = new ProcessBuilder(command).redirectError(errors.toFile());
		// the thread count is the script's to set; keep the environment from overriding it
		builder.environment().put("OMP_NUM_THREADS", Integer.toString(threads));
		Process process = builder.start();
		String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		if (!process.waitFor(30, TimeUnit.MINUTES) || process.exitValue() != 0) {
			throw new IllegalStateException("PyTorch run failed (" + String.join(" ", command) + "): "
					+ lastLine(Files.readString(errors)));
		}
		Files.deleteIfExists(errors);
		List<JsonNode> results = new ArrayList<>();
		for (String line : out.strip().split("\n")) {
			if (line.startsWith("{")) {
				results.add(ApiClient.JSON.readTree(line));
			}
		}
		if (results.size() != seeds) {
			throw new IllegalStateException("PyTorch run printed " + results.size() + " results for " + seeds
					+ " seeds: " + lastLine(out));
		}
		return results;
	}

	private static String lastLine(String text) {
		String[] lines = text.strip().split("\n");
		return lines[lines.length - 1];
	}

}
