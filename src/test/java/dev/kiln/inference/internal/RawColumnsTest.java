package dev.kiln.inference.internal;

import java.util.List;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class RawColumnsTest {

	private final RawColumns columns = RawColumns.of(List.of("size", "colour=caf\u00e9", "colour=red"),
			List.of("colour"));

	@Test
	void aCategoryIsFoundWhicheverWayItsAccentsAreEncoded() {
		assertThat(this.columns.expand(JsonMapper.shared().readTree("[3, \"cafe\\u0301\"]"), "$.instances[0]"))
			.containsExactly(3f, 1f, 0f);
		assertThat(this.columns.expand(JsonMapper.shared().readTree("[3, \"caf\\u00e9\"]"), "$.instances[0]"))
			.containsExactly(3f, 1f, 0f);
	}

	@Test
	void anUnknownCategoryIsEchoedWithoutItsHiddenCharacters() {
		assertThatExceptionOfType(InstanceDecoder.BadInstance.class).isThrownBy(
				() -> this.columns.expand(JsonMapper.shared().readTree("[3, \"r\\u202eed\\ud800\"]"), "$.instances[0]"))
			.withMessageStartingWith("'r<U+202E>ed<U+D800>' is not a category of column 'colour'");
	}

}
