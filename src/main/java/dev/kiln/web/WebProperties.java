package dev.kiln.web;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * @param maxJsonBody the largest JSON request body accepted (job specs, predictions);
 * larger ones answer 413
 */
@ConfigurationProperties("kiln.web")
public record WebProperties(@DefaultValue("1MB") DataSize maxJsonBody) {
}
