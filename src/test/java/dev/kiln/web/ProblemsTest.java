package dev.kiln.web;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

class ProblemsTest {

	@ParameterizedTest
	@CsvSource(delimiter = '|', textBlock = """
			/api/v1/jobs?size=1     | /api/v1/jobs?size=1
			/a%00b                  | /a%00b
			/a b                    | /a%20b
			/a{b}                   | /a%7Bb%7D
			/%zz                    | /%25zz
			/50%                    | /50%25
			/é                      | /%C3%A9
			/a\\b                   | /a%5Cb
			""")
	void theInstanceIsTheTargetAsSentEncodedWhereItIsNoUri(String target, String instance) {
		assertThat(Problems.instance(target)).hasToString(instance);
	}

	@org.junit.jupiter.api.Test
	void aMissingTargetIsAnEmptyInstance() {
		assertThat(Problems.instance(null)).hasToString("");
	}

}
