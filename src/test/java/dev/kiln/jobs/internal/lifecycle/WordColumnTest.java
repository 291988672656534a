package dev.kiln.jobs.internal.lifecycle;

import java.util.Map;

import dev.kiln.checkpoints.CheckpointMetric;
import dev.kiln.spec.DeviceClass;
import jakarta.persistence.AttributeConverter;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * The enums of a job's columns are stored as the strings the rows held before they were
 * enums: a change here would need a migration.
 */
class WordColumnTest {

	@Test
	void deviceClassesAreStoredAsTheSpecWords() {
		assertStoredAs(new DeviceClassColumn(), DeviceClass.class,
				Map.of(DeviceClass.GPU, "gpu", DeviceClass.CPU, "cpu", DeviceClass.ANY, "any"));
	}

	@Test
	void attemptOutcomesAreStoredInLowerCase() {
		assertStoredAs(new AttemptOutcomeColumn(), AttemptOutcome.class,
				Map.of(AttemptOutcome.SUCCEEDED, "succeeded", AttemptOutcome.FAILED, "failed", AttemptOutcome.CANCELLED,
						"cancelled", AttemptOutcome.INTERRUPTED, "interrupted"));
	}

	@Test
	void checkpointMetricsAreStoredAsTheSpecWords() {
		assertStoredAs(new CheckpointMetricColumn(), CheckpointMetric.class, Map.of(CheckpointMetric.VALIDATION_LOSS,
				"validationLoss", CheckpointMetric.VALIDATION_ACCURACY, "validationAccuracy"));
	}

	@Test
	void nullStaysNullAndAnUnknownWordIsRefused() {
		AttemptOutcomeColumn column = new AttemptOutcomeColumn();
		assertThat(column.convertToDatabaseColumn(null)).isNull();
		assertThat(column.convertToEntityAttribute(null)).isNull();
		assertThatIllegalArgumentException().isThrownBy(() -> column.convertToEntityAttribute("SUCCEEDED"))
			.withMessageContaining("'SUCCEEDED'");
	}

	private static <E extends Enum<E>> void assertStoredAs(AttributeConverter<E, String> column, Class<E> type,
			Map<E, String> stored) {
		assertThat(stored).as("every constant has its stored word").containsOnlyKeys(type.getEnumConstants());
		for (E value : type.getEnumConstants()) {
			assertThat(column.convertToDatabaseColumn(value)).as(value.name()).isEqualTo(stored.get(value));
			assertThat(column.convertToEntityAttribute(stored.get(value))).isEqualTo(value);
		}
	}

}
