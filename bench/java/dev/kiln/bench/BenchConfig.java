package dev.kiln.bench;

import java.util.List;

/**
 * How much the suite measures.
 *
 * @param mode {@code tiny} (the harness test), {@code default} or {@code full}
 * @param rows training rows taken from the dataset, the validation tenth included
 * @param epochs epochs per training run
 * @param warmups discarded rounds before the measured ones
 * @param warmupSeconds the least time the training warm-up rounds take (more rounds run
 * until it has passed)
 * @param rounds measured rounds (each figure is their median)
 * @param accuracySeeds networks trained per variant and recipe for the test accuracies:
 * the measured rounds' and warm-ups' runs, then more until there are this many
 * @param recipes course recipes (file names in {@code examples/}) to train
 * @param latencyRequests sequential requests per latency measurement
 * @param throughputSeconds how long each throughput measurement runs
 * @param concurrentClients clients of the loaded inference measurement
 * @param submissions job submissions of the control-plane measurement
 * @param statusReads status reads of the control-plane measurement
 * @param controlClients concurrent clients of the control-plane measurement
 * @param startups starts of the packaged jar to time
 */
record BenchConfig(String mode, int rows, int epochs, int warmups, double warmupSeconds, int rounds, int accuracySeeds,
		List<String> recipes,
		int latencyRequests, double throughputSeconds, int concurrentClients, int submissions, int statusReads,
		int controlClients, int startups) {

	static final List<String> RECIPES = List.of("fashion-mnist-1-softmax.json", "fashion-mnist-3-mlp-relu.json",
			"fashion-mnist-6-cnn.json");

	/** The recipe whose trained model serves the inference measurements. */
	static final String INFERENCE_RECIPE = "fashion-mnist-3-mlp-relu.json";

	static BenchConfig of(String mode) {
		return switch (mode) {
			case "tiny" -> new BenchConfig(mode, 1_000, 1, 1, 0, 2, 4, RECIPES, 200, 1, 32, 40, 200, 8, 1);
			case "default" -> new BenchConfig(mode, 20_000, 2, 1, 20, 5, 20, RECIPES, 3_000, 5, 32, 1_000, 10_000, 50, 3);
			case "full" -> new BenchConfig(mode, 60_000, 10, 1, 30, 5, 10, RECIPES, 10_000, 10, 32, 1_000, 10_000, 50, 5);
			default -> throw new IllegalArgumentException("unknown mode '" + mode + "': expected tiny, default or full");
		};
	}

	/** The same measurements over other recipes (file names in {@code examples/}). */
	BenchConfig withRecipes(List<String> names) {
		return new BenchConfig(this.mode, this.rows, this.epochs, this.warmups, this.warmupSeconds, this.rounds,
				this.accuracySeeds, List.copyOf(names),
				this.latencyRequests, this.throughputSeconds, this.concurrentClients, this.submissions,
				this.statusReads, this.controlClients, this.startups);
	}

	/** Rows trained on: the rows less the tenth each recipe keeps for validation. */
	int trainRows() {
		return this.rows - (int) Math.round(this.rows * 0.1);
	}

}
