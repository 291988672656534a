package dev.kiln.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Runs competing variants alternately, A/B/A/B, so that drift of a shared, noisy machine
 * falls on every variant alike. Warm-up rounds are run and discarded, at least
 * {@code warmups} of them and for at least {@code warmupSeconds} (DL4J's Java code keeps
 * getting faster while the JIT compiles it, for many seconds); each figure is then the
 * median of the measured rounds.
 */
final class SideBySide {

	/** One competitor: a run answers its figures by name (samples/s, seconds, ...). */
	record Variant(String name, Run run) {
	}

	@FunctionalInterface
	interface Run {

		Map<String, Double> measure() throws Exception;

	}

	private final int warmups;

	private final double warmupSeconds;

	private final int rounds;

	private final Consumer<String> log;

	SideBySide(int warmups, int rounds, Consumer<String> log) {
		this(warmups, 0, rounds, log);
	}

	SideBySide(int warmups, double warmupSeconds, int rounds, Consumer<String> log) {
		if (rounds < 1) {
			throw new IllegalArgumentException("at least one measured round is needed, was " + rounds);
		}
		this.warmups = warmups;
		this.warmupSeconds = warmupSeconds;
		this.rounds = rounds;
		this.log = log;
	}

	/** The medians of each variant's figures: variant name, then figure name. */
	Map<String, Map<String, Double>> run(List<Variant> variants) throws Exception {
		Map<String, Map<String, List<Double>>> measured = new LinkedHashMap<>();
		for (Variant variant : variants) {
			measured.put(variant.name(), new LinkedHashMap<>());
		}
		long start = System.nanoTime();
		int warmupsRun = 0;
		int measuredRounds = 0;
		while (measuredRounds < this.rounds) {
			boolean warmup = warmupsRun < this.warmups || (System.nanoTime() - start) / 1e9 < this.warmupSeconds;
			for (Variant variant : variants) {
				Map<String, Double> figures = variant.run().measure();
				this.log.accept(String.format("    %s %-8s %s", warmup ? "warm-up" : "round " + (measuredRounds + 1),
						variant.name(), figures));
				if (!warmup) {
					figures.forEach((figure, value) -> measured.get(variant.name())
						.computeIfAbsent(figure, (k) -> new ArrayList<>())
						.add(value));
				}
			}
			if (warmup) {
				warmupsRun++;
			}
			else {
				measuredRounds++;
			}
		}
		Map<String, Map<String, Double>> medians = new LinkedHashMap<>();
		measured.forEach((variant, figures) -> {
			Map<String, Double> byFigure = new LinkedHashMap<>();
			figures.forEach((figure, values) -> byFigure.put(figure, Samples.median(values)));
			medians.put(variant, byFigure);
		});
		return medians;
	}

}
