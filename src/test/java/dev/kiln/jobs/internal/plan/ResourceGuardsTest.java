package dev.kiln.jobs.internal.plan;

import java.util.List;

import dev.kiln.jobs.LimitsProperties;
import dev.kiln.spec.CompiledSpec;
import dev.kiln.spec.DataShape;
import dev.kiln.spec.JobSpec;
import dev.kiln.spec.SpecCompiler;
import dev.kiln.spec.SpecViolation;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.util.unit.DataSize;

import static org.assertj.core.api.Assertions.assertThat;

class ResourceGuardsTest {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final DataShape DIGITS = new DataShape(List.of(64), 10, 1000);

	private static final String MLP = """
			{"model": {"input": [64], "layers": [{"type": "dense", "units": 1000}, {"type": "output"}]},
			 "training": {"epochs": 500, "batchSize": 4096}}
			""";

	private static JobSpec spec(String json) {
		return JSON.readValue(json, JobSpec.class);
	}

	private static List<SpecViolation> check(LimitsProperties limits, String json) {
		JobSpec spec = spec(json);
		CompiledSpec compiled = new SpecCompiler().compile(spec, DIGITS);
		return new ResourceGuards(limits).check(spec, compiled);
	}

	@Test
	void theDefaultsAcceptWhatTheSpecAccepts() {
		assertThat(check(new LimitsProperties(100_000, 65_536, 100_000_000, null), MLP)).isEmpty();
	}

	@Test
	void eachLimitIsReportedWithItsNumbersAtItsField() {
		// 64 * 1000 + 1000 + 1000 * 10 + 10 = 75,010 parameters
		assertThat(check(new LimitsProperties(200, 1024, 50_000, null), MLP)).containsExactly(
				new SpecViolation("$.training.epochs", "the job asks for 500 epochs; this node allows at most 200"),
				new SpecViolation("$.training.batchSize",
						"the job asks for minibatches of 4,096; this node allows at most 1,024"),
				new SpecViolation("$.model", "the model has 75,010 parameters; this node allows at most 50,000"));
	}

	@Test
	void aDefaultOverALimitIsNamedAsTheDefault() {
		String json = "{\"model\": {\"input\": [64], \"layers\": [{\"type\": \"output\"}]}}";
		assertThat(check(new LimitsProperties(5, 65_536, 100_000_000, null), json)).containsExactly(new SpecViolation(
				"$.training.epochs", "the job asks for 10 epochs (the default); this node allows at most 5"));
	}

	@Test
	void theMemoryEstimateIsLimited() {
		JobSpec spec = spec(MLP);
		CompiledSpec compiled = new SpecCompiler().compile(spec, DIGITS);
		List<SpecViolation> violations = new ResourceGuards(
				new LimitsProperties(100_000, 65_536, 100_000_000, DataSize.ofKilobytes(1)))
			.check(spec, compiled);
		assertThat(violations).singleElement().satisfies((v) -> {
			assertThat(v.path()).isEqualTo("$.model");
			assertThat(v.message())
				.startsWith("training the model on minibatches of 4,096 needs about "
						+ ResourceGuards.bytes(compiled.estimatedMemoryBytes()))
				.endsWith("this node allows at most 1,024 bytes (0.0 GiB) (kiln.limits.max-memory)");
		});
	}

	@Test
	void theMemoryLimitIsNeverAboveWhatTheProcessMayAllocate() {
		ResourceGuards guards = new ResourceGuards(
				new LimitsProperties(100_000, 65_536, 100_000_000, DataSize.ofTerabytes(1000)));
		ResourceGuards.MemoryLimit limit = guards.memoryLimit();
		assertThat(limit.bytes()).isLessThanOrEqualTo(
				Math.max(Runtime.getRuntime().maxMemory(), dev.kiln.engine.NativeRuntime.physicalMemoryBytes()));
		assertThat(limit.source()).isNotEqualTo("kiln.limits.max-memory");
	}

	@Test
	void specsWithViolationsOfTheirOwnAreCheckedForEpochsAndBatchSizeOnly() {
		JobSpec spec = spec(MLP);
		assertThat(new ResourceGuards(new LimitsProperties(200, 65_536, 1, null)).check(spec, null))
			.extracting(SpecViolation::path)
			.containsExactly("$.training.epochs");
		// beyond the spec's own limits: the spec's checks report it, not the guards
		assertThat(new ResourceGuards(new LimitsProperties(200, 65_536, 1, null))
			.check(spec("{\"training\": {\"epochs\": 200000}}"), null)).isEmpty();
	}

}
