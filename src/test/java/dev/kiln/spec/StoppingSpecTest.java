package dev.kiln.spec;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class StoppingSpecTest {

	private static String withStopping(String stopping) {
		return "{\"model\": {\"input\": [4], \"layers\": [{\"type\": \"dense\", \"units\": 16}, {\"type\": \"output\"}]},"
				+ " \"stopping\": " + stopping + "}";
	}

	private static List<SpecViolation> violations(String json) {
		return Specs.COMPILER.validate(Specs.parse(json), Specs.IRIS);
	}

	private static CompiledSpec.Stopping stopping(String json) {
		return Specs.compile(json, Specs.IRIS).settings().stopping();
	}

	@Test
	void noStoppingMeansNoConditions() {
		assertThat(Specs.compile(Specs.MLP_IRIS, Specs.IRIS).settings().stopping())
			.isEqualTo(CompiledSpec.Stopping.NONE);
	}

	@Test
	void durationsAreIso8601() {
		CompiledSpec.Stopping stopping = stopping(
				withStopping("{\"maxRuntime\": \"PT30M\", \"maxQueueWait\": \"P1DT2H\"}"));
		assertThat(stopping.maxRuntime()).isEqualTo(Duration.ofMinutes(30));
		assertThat(stopping.maxQueueWait()).isEqualTo(Duration.ofHours(26));
		assertThat(stopping.earlyStopping()).isNull();
	}

	@Test
	void durationsThatAreNotIso8601AreRefusedByPath() {
		assertThat(violations(withStopping("{\"maxRuntime\": \"30m\", \"maxQueueWait\": \"soon\"}"))).containsExactly(
				new SpecViolation("$.stopping.maxRuntime",
						"must be an ISO-8601 duration such as PT30M, PT2H or P1DT12H; got '30m'"),
				new SpecViolation("$.stopping.maxQueueWait",
						"must be an ISO-8601 duration such as PT30M, PT2H or P1DT12H; got 'soon'"));
	}

	@Test
	void durationsMustBePositiveAndAtMostAYear() {
		assertThat(violations(withStopping("{\"maxRuntime\": \"PT0S\", \"maxQueueWait\": \"-PT5M\"}")))
			.extracting(SpecViolation::path)
			.containsExactly("$.stopping.maxRuntime", "$.stopping.maxQueueWait");
		assertThat(violations(withStopping("{\"maxRuntime\": \"P400D\"}"))).singleElement()
			.satisfies((v) -> assertThat(v.message()).contains("at most 366 days"));
	}

	@Test
	void earlyStoppingHasDefaults() {
		assertThat(stopping(withStopping("{\"earlyStopping\": {}}")).earlyStopping())
			.isEqualTo(new CompiledSpec.EarlyStopping("validationLoss", 5, 0));
		CompiledSpec.EarlyStopping early = stopping(withStopping(
				"{\"earlyStopping\": {\"metric\": \"ValidationAccuracy\", \"patience\": 3, \"minDelta\": 0.01}}"))
			.earlyStopping();
		assertThat(early).isEqualTo(new CompiledSpec.EarlyStopping("validationAccuracy", 3, 0.01));
		assertThat(early.higherIsBetter()).isTrue();
	}

	@Test
	void earlyStoppingFieldsAreChecked() {
		assertThat(violations(
				withStopping("{\"earlyStopping\": {\"metric\": \"trainLoss\", \"patience\": 0, \"minDelta\": -1}}")))
			.extracting(SpecViolation::path)
			.containsExactly("$.stopping.earlyStopping.metric", "$.stopping.earlyStopping.patience",
					"$.stopping.earlyStopping.minDelta");
		assertThat(
				violations(withStopping("{\"earlyStopping\": {\"metric\": \"validationAccuracy\", \"minDelta\": 1}}")))
			.extracting(SpecViolation::path)
			.containsExactly("$.stopping.earlyStopping.minDelta");
	}

	@Test
	void earlyStoppingNeedsAValidationSplit() {
		String json = "{\"split\": {\"validation\": 0}, \"model\": {\"input\": [4], \"layers\": [{\"type\": \"output\"}]},"
				+ " \"stopping\": {\"earlyStopping\": {\"patience\": 2}}}";
		assertThat(violations(json)).containsExactly(new SpecViolation("$.stopping.earlyStopping",
				"needs a validation split to watch: split.validation is 0"));
	}

	@Test
	void unknownStoppingFieldsAreRefusedWhenParsed() {
		org.assertj.core.api.Assertions.assertThatThrownBy(() -> Specs.parse(withStopping("{\"maxRuntme\": \"PT1M\"}")))
			.hasMessageContaining("maxRuntme");
	}

}
