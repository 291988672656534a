package dev.kiln.jobs;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

/**
 * The live event streams of jobs ({@code GET /api/v1/jobs/{id}/events}).
 *
 * @param heartbeat how long a stream may stay silent before a comment line is sent, so
 * that proxies keep idle streams open
 * @param pollInterval how often a stream looks for stored events it was not told about
 * (those written by another node)
 * @param maxStreams how many streams this node serves at once; each holds a thread
 */
@Validated
@ConfigurationProperties("kiln.events")
public record EventsProperties(@DefaultValue("15s") @NotNull Duration heartbeat,
		@DefaultValue("1s") @NotNull Duration pollInterval, @DefaultValue("256") @Min(1) @Max(10000) int maxStreams) {
}
