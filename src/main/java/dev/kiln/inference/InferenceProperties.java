package dev.kiln.inference;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;

/**
 * @param cacheSize how many loaded models stay in memory, least recently used evicted
 * first
 * @param maxInstances the most instances one predict request may carry
 */
@Validated
@ConfigurationProperties("kiln.inference")
public record InferenceProperties(@DefaultValue("8") @Min(1) @Max(1024) int cacheSize,
		@DefaultValue("1000") @Min(1) @Max(100000) int maxInstances) {
}
