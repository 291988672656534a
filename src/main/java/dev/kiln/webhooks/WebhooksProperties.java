package dev.kiln.webhooks;

import java.time.Duration;
import java.util.List;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Job callbacks (webhooks).
 *
 * @param allowedHosts host name patterns a callback may name ({@code ci.example.com},
 * {@code *.example.com}); empty allows any host whose addresses pass the address rules
 * @param allowedNetworks CIDRs a callback may reach even though they are not public
 * ({@code 10.1.0.0/16}, {@code 127.0.0.1/32}); by default only public addresses are
 * reached: loopback, private, link-local (cloud metadata), shared, multicast and reserved
 * ranges are refused
 * @param maxAttempts how many times a notice is sent before it is given up
 * @param initialBackoff the wait before the second attempt; each later wait doubles, with
 * up to 50% random jitter
 * @param maxBackoff the longest wait between attempts
 * @param connectTimeout how long a connection to the receiver may take
 * @param readTimeout how long the receiver may take to answer
 * @param pollInterval how often the dispatcher looks for notices due
 */
@Validated
@ConfigurationProperties("kiln.webhooks")
public record WebhooksProperties(@DefaultValue List<String> allowedHosts, @DefaultValue List<String> allowedNetworks,
		@DefaultValue("8") @Min(1) @Max(50) int maxAttempts, @DefaultValue("10s") @NotNull Duration initialBackoff,
		@DefaultValue("1h") @NotNull Duration maxBackoff, @DefaultValue("5s") @NotNull Duration connectTimeout,
		@DefaultValue("10s") @NotNull Duration readTimeout, @DefaultValue("1s") @NotNull Duration pollInterval) {
}
