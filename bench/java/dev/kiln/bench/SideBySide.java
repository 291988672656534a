package dev.kiln.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Runs competing variants alternately, A/B/A/B, so that drift of a shared, noisy machine
 * falls on every variant alike. The first {@code warmups} rounds are run and discarded;
 * each figure is then the median of the measured rounds.
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

	private final int rounds;

	private final Consumer<String> log;

	SideBySide(int warmups, int rounds, Consumer<String> log) {
		if (rounds < 1) {
			throw new IllegalArgumentException("at least one measured round is needed, was " + rounds);
		}
		this.warmups = warmups;
		this.rounds = rounds;
		this.log = log;
	}

	/** The medians of each variant's figures: variant name, then figure name. */
	Map<String, Map<String, Double>> run(List<Variant> variants) throws Exception {
		Map<String, Map<String, List<Double>>> measured = new LinkedHashMap<>();
		for (Variant variant : variants) {
			measured.put(variant.name(), new LinkedHashMap<>());
		}
		for (int round = 0; round < this.warmups + this.rounds; round++) {
			boolean warmup = round < this.warmups;
			for (Variant variant : variants) {
				Map<String, Double> figures = variant.run().measure();
				this.log.accept(String.format("    %s %-8s %s", warmup ? "warm-up" : "round " + (round - this.warmups + 1),
						variant.name(), figures));
				if (!warmup) {
					figures.forEach((figure, value) -> measured.get(variant.name())
						.computeIfAbsent(figure, (k) -> new ArrayList<>())
						.add(value));
				}
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
