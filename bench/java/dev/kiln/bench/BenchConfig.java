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
 * @param service what the service section measures
 */
record BenchConfig(String mode, int rows, int epochs, int warmups, double warmupSeconds, int rounds, int accuracySeeds,
		List<String> recipes,
		int latencyRequests, double throughputSeconds, int concurrentClients, int submissions, int statusReads,
		int controlClients, int startups, Service service) {

	static final List<String> RECIPES = List.of("fashion-mnist-1-softmax.json", "fashion-mnist-3-mlp-relu.json",
			"fashion-mnist-6-cnn.json");

	/** The recipe whose trained model serves the inference measurements. */
	static final String INFERENCE_RECIPE = "fashion-mnist-3-mlp-relu.json";

	/** The course's recipes the service section trains: one of each kind of network and schedule. */
	static final List<String> SERVICE_RECIPES = List.of("fashion-mnist-1-softmax.json",
			"fashion-mnist-2-mlp-sigmoid.json", "fashion-mnist-4-mlp-relu-decay.json",
			"fashion-mnist-5-mlp-relu-decay-dropout.json", "fashion-mnist-6-cnn.json");

	/**
	 * The service section ({@link ServiceBench}): the packaged jar over HTTP against
	 * PyTorch, on every row of the dataset given.
	 *
	 * @param recipes course recipes (file names in {@code examples/}) to train
	 * @param rounds measured rounds (each figure is their median; no warm-up rounds: each
	 * run's first epoch is left out instead)
	 * @param epochs epochs per run on a quiet machine
	 * @param neighbourEpochs epochs per run next to a busy core (the CNN only)
	 * @param neighbourCapSeconds the longest a Kiln job next to a busy core trains before it
	 * is cancelled and measured by the epochs it finished (on the full data, a Kiln whose
	 * CNN has stalled at about 200 samples/s would take over 4 minutes an epoch)
	 * @param neighbourSeconds the longest the busy process runs per thread count, 0 for as
	 * long as both runs take
	 */
	record Service(List<String> recipes, int rounds, int epochs, int neighbourEpochs, int neighbourCapSeconds,
			int neighbourSeconds, int floorWindowMillis) {

		Service {
			recipes = List.copyOf(recipes);
		}

	}

	static BenchConfig of(String mode) {
		return switch (mode) {
			// tiny: the busy process runs a few seconds only, so that the harness test does
			// not keep a core of a shared machine busy for long; its figures check the
			// harness, not Kiln. The cap is shorter still, so that the test sees a job
			// cancelled and measured by the epochs it finished
			case "tiny" -> new BenchConfig(mode, 1_000, 1, 1, 0, 2, 4, RECIPES, 200, 1, 32, 40, 200, 8, 1,
					new Service(List.of("fashion-mnist-1-softmax.json", "fashion-mnist-6-cnn.json"), 1, 2, 2, 4, 5, 100));
			case "default" -> new BenchConfig(mode, 20_000, 2, 1, 20, 5, 20, RECIPES, 3_000, 5, 32, 1_000, 10_000, 50, 3,
					new Service(SERVICE_RECIPES, 2, 10, 3, 900, 0, 1500));
			case "full" -> new BenchConfig(mode, 60_000, 10, 1, 30, 5, 10, RECIPES, 10_000, 10, 32, 1_000, 10_000, 50, 5,
					new Service(SERVICE_RECIPES, 3, 10, 3, 900, 0, 1500));
			default -> throw new IllegalArgumentException("unknown mode '" + mode + "': expected tiny, default or full");
		};
	}

	/**
	 * The same measurements over other recipes (file names in {@code examples/}), in the
	 * training and the service sections alike (null keeps each section's), and with
	 * {@code measuredRounds} measured rounds in every section (0 keeps them).
	 */
	BenchConfig with(List<String> names, int measuredRounds) {
		if (measuredRounds < 0) {
			throw new IllegalArgumentException("rounds must be at least 1, was " + measuredRounds);
		}
		int count = (measuredRounds > 0) ? measuredRounds : this.rounds;
		Service measured = new Service((names != null) ? names : this.service.recipes(),
				(measuredRounds > 0) ? measuredRounds : this.service.rounds(), this.service.epochs(),
				this.service.neighbourEpochs(), this.service.neighbourCapSeconds(), this.service.neighbourSeconds(),
				this.service.floorWindowMillis());
		return new BenchConfig(this.mode, this.rows, this.epochs, this.warmups, this.warmupSeconds, count,
				this.accuracySeeds, (names != null) ? List.copyOf(names) : this.recipes,
				this.latencyRequests, this.throughputSeconds, this.concurrentClients, this.submissions,
				this.statusReads, this.controlClients, this.startups, measured);
	}

	/** Rows trained on: the rows less the tenth each recipe keeps for validation. */
	int trainRows() {
		return this.rows - (int) Math.round(this.rows * 0.1);
	}

}
