package dev.kiln.jobs.internal.runtime;

import dev.kiln.engine.Accelerations;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * @param onednnHelpers run convolution, pooling and batch-normalisation layers through
 * DL4J's oneDNN helpers
 * @param threads native threads per job; 0 chooses per network (one for networks without
 * convolutions, every core for CNNs)
 * @param accelerations {@code auto}: Kiln's faster implementations on ND4J's CPU backend,
 * DL4J's on a GPU; {@code off}: DL4J's everywhere (the path a GPU takes)
 */
@Validated
@ConfigurationProperties("kiln.engine")
record EngineProperties(@DefaultValue("true") boolean onednnHelpers, @DefaultValue("0") @Min(0) @Max(1024) int threads,
		@DefaultValue("auto") Accelerations accelerations) {
}
