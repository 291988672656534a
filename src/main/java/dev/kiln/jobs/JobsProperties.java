package dev.kiln.jobs;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

/**
 * @param workers how many jobs train at once on a CPU node; a GPU node runs one worker
 * per visible GPU instead; 0 makes a node that trains nothing, on either
 * @param pollInterval how often the dispatcher looks at the queue (it also looks at once
 * when a job is submitted or a worker frees up)
 * @param shutdownGrace how long a shutdown waits for running jobs to stop at an iteration
 * boundary and go back to the queue
 */
@Validated
@ConfigurationProperties("kiln.jobs")
public record JobsProperties(@DefaultValue("1") @Min(0) @Max(64) int workers,
		@DefaultValue("1s") @NotNull Duration pollInterval, @DefaultValue("30s") @NotNull Duration shutdownGrace,
		@DefaultValue("30s") @NotNull Duration leaseDuration, @DefaultValue("5s") @NotNull Duration heartbeatInterval,
		@DefaultValue("3") @Min(1) @Max(100) int maxAttempts) {
}
