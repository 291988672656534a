package dev.kiln.web;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * @param maxJsonBody the largest JSON request body accepted (job specs, predictions);
 * larger ones answer 413
 * @param databaseRetryAfter the {@code Retry-After} of the 503 answered while the
 * database cannot be reached (whole seconds, at least one)
 */
@ConfigurationProperties("kiln.web")
public record WebProperties(@DefaultValue("1MB") DataSize maxJsonBody,
		@DefaultValue("5s") Duration databaseRetryAfter) {

	/** {@link #databaseRetryAfter} as the header's whole seconds. */
	public long databaseRetryAfterSeconds() {
		return Math.max(1, (this.databaseRetryAfter.toMillis() + 999) / 1000);
	}

}
