package dev.kiln.inference.internal;

import java.util.ArrayList;
import java.util.List;

import dev.kiln.web.InvalidField;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

class InstanceDecoderTest {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	@Test
	void aFlatInstanceIsTakenAsItIs() {
		List<InvalidField> errors = new ArrayList<>();
		float[][] rows = new InstanceDecoder(List.of(3), null).decode(instances("[[1, 2.5, -3]]"), errors);

		assertThat(errors).isEmpty();
		assertThat(rows[0]).containsExactly(1f, 2.5f, -3f);
	}

	@Test
	void aNestedImageIsReorderedChannelFirst() {
		List<InvalidField> errors = new ArrayList<>();
		// 1 x 2 pixels, 2 channels: [[[r0, g0], [r1, g1]]]
		float[][] rows = new InstanceDecoder(List.of(1, 2, 2), null).decode(instances("[[[[1, 2], [3, 4]]]]"), errors);

		assertThat(errors).isEmpty();
		assertThat(rows[0]).containsExactly(1f, 3f, 2f, 4f);
	}

	@Test
	void aBadValueIsNamedByItsPathWhereverItIs() {
		List<InvalidField> errors = new ArrayList<>();
		new InstanceDecoder(List.of(3), null).decode(instances("[[1, 2, 3], [1, \"x\", 3], [1, 2, 1e400]]"), errors);
		new InstanceDecoder(List.of(2, 2, 1), null).decode(instances("[[[1, 2], [3, null]]]"), errors);
		new InstanceDecoder(List.of(1, 2, 2), null).decode(instances("[[[[1, 2], [3, true]]]]"), errors);

		assertThat(errors).extracting(InvalidField::path)
			.containsExactly("$.instances[1][1]", "$.instances[2][2]", "$.instances[0][1][1]",
					"$.instances[0][0][1][1]");
		assertThat(errors).extracting(InvalidField::reason)
			.containsExactly("must be a number", "must be a finite number within the range of a 32-bit float",
					"must be a number", "must be a number");
	}

	private static List<JsonNode> instances(String json) {
		List<JsonNode> instances = new ArrayList<>();
		JSON.readTree(json).forEach(instances::add);
		return instances;
	}

}
