package dev.kiln.jobs.internal.api;

import dev.kiln.web.InvalidRequestException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class LastEventIdTest {

	@Test
	void noHeaderStartsFromTheBeginning() {
		assertThat(JobEventController.parseLastEventId(null)).isZero();
		assertThat(JobEventController.parseLastEventId("")).isZero();
	}

	@Test
	void anIdIsReadAsItIs() {
		assertThat(JobEventController.parseLastEventId("42")).isEqualTo(42);
		assertThat(JobEventController.parseLastEventId(" 7 ")).isEqualTo(7);
	}

	@ParameterizedTest
	@ValueSource(strings = { "abc", "-1", "1.5", "99999999999999999999" })
	void anythingElseIsRefusedNamingTheHeader(String value) {
		assertThatExceptionOfType(InvalidRequestException.class)
			.isThrownBy(() -> JobEventController.parseLastEventId(value))
			.satisfies((ex) -> assertThat(ex.errors()).singleElement()
				.satisfies((field) -> assertThat(field.path()).isEqualTo("Last-Event-ID")));
	}

}
