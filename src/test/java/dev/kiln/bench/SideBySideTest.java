package dev.kiln.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class SideBySideTest {

	@Test
	void variantsRunAlternatelyAndWarmUpsAreLeftOutOfTheMedians() throws Exception {
		List<String> calls = new ArrayList<>();
		double[] a = { 1000, 3, 1, 2 };
		double[] b = { 9, 10, 30, 20 };
		int[] round = { 0, 0 };
		SideBySide sideBySide = new SideBySide(1, 3, (line) -> {
		});
		Map<String, Map<String, Double>> medians = sideBySide.run(List.of(new SideBySide.Variant("a", () -> {
			calls.add("a");
			return Map.of("x", a[round[0]++]);
		}), new SideBySide.Variant("b", () -> {
			calls.add("b");
			return Map.of("x", b[round[1]++]);
		})));

		assertThat(calls).containsExactly("a", "b", "a", "b", "a", "b", "a", "b");
		assertThat(medians.get("a").get("x")).isEqualTo(2);
		assertThat(medians.get("b").get("x")).isEqualTo(20);
	}

	@Test
	void warmUpRoundsGoOnUntilTheirTimeHasPassed() throws Exception {
		List<String> rounds = new ArrayList<>();
		new SideBySide(1, 0.2, 2, rounds::add).run(List.of(new SideBySide.Variant("a", () -> {
			Thread.sleep(60);
			return Map.of("x", 1.0);
		})));
		long warmups = rounds.stream().filter((line) -> line.contains("warm-up")).count();
		assertThat(warmups).isGreaterThanOrEqualTo(3);
		assertThat(rounds.stream().filter((line) -> line.contains("round "))).hasSize(2);
	}

	@Test
	void atLeastOneRoundIsMeasured() {
		assertThatIllegalArgumentException().isThrownBy(() -> new SideBySide(1, 0, (line) -> {
		}));
	}

	@Test
	void percentilesAreNearestRank() {
		List<Double> values = new ArrayList<>();
		for (int i = 100; i >= 1; i--) {
			values.add((double) i);
		}
		assertThat(Samples.percentile(values, 50)).isEqualTo(50);
		assertThat(Samples.percentile(values, 99)).isEqualTo(99);
		assertThat(Samples.percentile(values, 100)).isEqualTo(100);
		assertThat(Samples.median(List.of(3.0, 1.0, 2.0))).isEqualTo(2);
		assertThat(Samples.median(List.of())).isNaN();
	}

	@Test
	void figuresAreJudgedAgainstTheirTargets() {
		Report report = new Report();
		report.add("s", "fast enough", 0.98, "x", Report.Target.atLeast(0.97), null);
		report.add("s", "too slow", 3.5, "ms", Report.Target.atMost(2), null);
		report.add("s", "missing", Double.NaN, "x", Report.Target.atLeast(1), "no PyTorch");
		report.add("s", "plain", 12, "req/s");

		assertThat(report.figure("s", "fast enough").verdict()).isEqualTo("met");
		assertThat(report.figure("s", "too slow").verdict()).isEqualTo("MISSED");
		assertThat(report.figure("s", "missing").verdict()).isEqualTo("not measured");
		assertThat(report.figure("s", "plain").verdict()).isEmpty();
		assertThat(report.table()).contains("target >= 0.970", "target <= 2.00", "no PyTorch", "12.00 req/s");
	}

	@Test
	void optionsNameTheModeAndSections() {
		Bench.Options options = Bench.Options.parse("--full", "--only", "training,memory");
		assertThat(options.mode()).isEqualTo("full");
		assertThat(options.sections()).containsExactly("training", "memory");
		assertThatIllegalArgumentException().isThrownBy(() -> Bench.Options.parse("--only", "speed"))
			.withMessageContaining("unknown section speed");
		assertThatIllegalArgumentException().isThrownBy(() -> Bench.Options.parse("--data"))
			.withMessageContaining("--data needs a value");
		assertThatIllegalArgumentException().isThrownBy(() -> BenchConfig.of("huge"));
	}

}
