package dev.kiln.inference;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

/**
 * @param cacheSize how many loaded models stay in memory, least recently used evicted
 * first
 * @param cacheMaxBytes how many bytes of parameters the loaded models may hold together,
 * least recently used evicted first; a single model larger than this is still served,
 * alone in the cache
 * @param maxInstances the most instances one predict request may carry
 * @param batchWait how long a forward pass waits for more requests to join it before it
 * starts; requests that arrive while a pass runs join the next one whatever this is
 * @param maxBatchRows the most rows one forward pass takes from the waiting requests (a
 * single request larger than this still runs, alone)
 */
@Validated
@ConfigurationProperties("kiln.inference")
public record InferenceProperties(@DefaultValue("8") @Min(1) @Max(1024) int cacheSize,
		@DefaultValue("512MB") @NotNull DataSize cacheMaxBytes,
		@DefaultValue("1000") @Min(1) @Max(100000) int maxInstances, @DefaultValue("0ms") @NotNull Duration batchWait,
		@DefaultValue("512") @Min(1) @Max(100000) int maxBatchRows) {

	@AssertTrue(message = "kiln.inference.batch-wait must be between 0 and 1s")
	boolean isBatchWaitInRange() {
		return this.batchWait == null
				|| (!this.batchWait.isNegative() && this.batchWait.compareTo(Duration.ofSeconds(1)) <= 0);
	}

	@AssertTrue(message = "kiln.inference.cache-max-bytes must be positive")
	boolean isCacheMaxBytesPositive() {
		return this.cacheMaxBytes == null || this.cacheMaxBytes.toBytes() > 0;
	}

}
