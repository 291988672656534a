package dev.kiln.inference;

import java.time.Duration;

import jakarta.validation.Validation;
import jakarta.validation.Validator;
import org.junit.jupiter.api.Test;

import org.springframework.util.unit.DataSize;

import static org.assertj.core.api.Assertions.assertThat;

class InferencePropertiesTest {

	private final Validator validator = Validation.buildDefaultValidatorFactory().getValidator();

	private static InferenceProperties with(Duration batchWait, DataSize cacheMaxBytes) {
		return new InferenceProperties(8, cacheMaxBytes, 1000, batchWait, 512);
	}

	@Test
	void theDefaultsAndABoundedWaitAreValid() {
		assertThat(this.validator.validate(with(Duration.ZERO, DataSize.ofMegabytes(512)))).isEmpty();
		assertThat(this.validator.validate(with(Duration.ofMillis(2), DataSize.ofKilobytes(1)))).isEmpty();
	}

	@Test
	void aNegativeOrLongWaitAndANonPositiveByteBoundAreRefused() {
		assertThat(this.validator.validate(with(Duration.ofMillis(-1), DataSize.ofMegabytes(1))))
			.extracting((violation) -> violation.getMessage())
			.containsExactly("kiln.inference.batch-wait must be between 0 and 1s");
		assertThat(this.validator.validate(with(Duration.ofSeconds(2), DataSize.ofMegabytes(1)))).hasSize(1);
		assertThat(this.validator.validate(with(Duration.ZERO, DataSize.ofBytes(0))))
			.extracting((violation) -> violation.getMessage())
			.containsExactly("kiln.inference.cache-max-bytes must be positive");
	}

}
