package dev.kiln.web.internal;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.exc.MismatchedInputException;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class StrictJsonConfigurationTest {

	record Body(Integer count, int size, Long seed, Double rate, double fraction, Boolean flag, boolean on, String name,
			List<Integer> shape) {
	}

	private final JsonMapper mapper = strict();

	private static JsonMapper strict() {
		// fields left out are null or 0, so that each case fails for its one value only
		JsonMapper.Builder builder = JsonMapper.builder().disable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);
		StrictJsonConfiguration.refuseCoercions(builder);
		return builder.build();
	}

	@ParameterizedTest
	@ValueSource(strings = { "{\"count\": \"12\"}", "{\"size\": \"12\"}", "{\"seed\": \"7\"}", "{\"rate\": \"0.1\"}",
			"{\"fraction\": \"0.2\"}", "{\"flag\": \"true\"}", "{\"on\": \"false\"}", "{\"count\": \"\"}",
			"{\"rate\": \"\"}", "{\"flag\": \"\"}", "{\"flag\": 1}", "{\"on\": 0}", "{\"flag\": 1.0}", "{\"name\": 5}",
			"{\"name\": 0.5}", "{\"name\": true}", "{\"shape\": [\"4\"]}", "{\"count\": \" 12 \"}" })
	void aScalarOfTheWrongTypeIsRefusedNotConverted(String json) {
		assertThatExceptionOfType(MismatchedInputException.class)
			.isThrownBy(() -> this.mapper.readValue(json, Body.class));
	}

	@Test
	void scalarsOfTheirOwnTypeAndNonFiniteNumbersAsKilnWritesThemAreRead() {
		Body body = this.mapper.readValue("""
				{"count": 12, "size": 3, "seed": 7, "rate": "NaN", "fraction": "-Infinity", "flag": true, "on": false,
				 "name": "n", "shape": [4]}""", Body.class);
		assertThat(body)
			.isEqualTo(new Body(12, 3, 7L, Double.NaN, Double.NEGATIVE_INFINITY, true, false, "n", List.of(4)));
		assertThat(this.mapper.readValue("{\"rate\": 1}", Body.class).rate()).isEqualTo(1.0);
		// what Jackson does without the configuration, so that the refusals above are its
		// work
		assertThat(JsonMapper.builder()
			.disable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
			.build()
			.readValue("{\"count\": \"12\", \"flag\": 1, \"name\": 5}", Body.class))
			.extracting(Body::count, Body::flag, Body::name)
			.containsExactly(12, true, "5");
	}

}
