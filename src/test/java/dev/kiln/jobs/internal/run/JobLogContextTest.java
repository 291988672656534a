package dev.kiln.jobs.internal.run;

import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

class JobLogContextTest {

	private final UUID jobId = UUID.randomUUID();

	@AfterEach
	void clear() {
		MDC.clear();
	}

	@Test
	void theJobIdAndAttemptAreInTheMdcWhileTheJobRunsAndGoneAfterwards() {
		MDC.put("unrelated", "kept");
		try (JobLogContext context = JobLogContext.open(this.jobId, 2)) {
			assertThat(MDC.get("jobId")).isEqualTo(this.jobId.toString());
			assertThat(MDC.get("attempt")).isEqualTo("2");
		}

		assertThat(MDC.get("jobId")).isNull();
		assertThat(MDC.get("attempt")).isNull();
		assertThat(MDC.get("unrelated")).isEqualTo("kept");
	}

	@Test
	void theMdcIsClearedWhenTheRunFails() {
		assertThatIllegalStateException().isThrownBy(() -> {
			try (JobLogContext context = JobLogContext.open(this.jobId, 1)) {
				throw new IllegalStateException("training failed");
			}
		});

		assertThat(MDC.get("jobId")).isNull();
		assertThat(MDC.get("attempt")).isNull();
	}

}
