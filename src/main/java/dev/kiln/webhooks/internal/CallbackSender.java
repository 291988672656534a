package dev.kiln.webhooks.internal;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;

import dev.kiln.webhooks.WebhooksProperties;

import org.springframework.stereotype.Component;

/**
 * Sends one signed notice over HTTP. Never follows a redirect (a 3xx counts as a failed
 * attempt: a redirect could lead past the allow-list) and uses no proxy, so the address
 * checked is the address called.
 */
@Component
class CallbackSender {

	private final HttpClient http;

	private final WebhooksProperties properties;

	CallbackSender(WebhooksProperties properties) {
		this.properties = properties;
		this.http = HttpClient.newBuilder()
			.followRedirects(HttpClient.Redirect.NEVER)
			.proxy(HttpClient.Builder.NO_PROXY)
			.version(HttpClient.Version.HTTP_1_1)
			.connectTimeout(properties.connectTimeout())
			.build();
	}

	/** What came of an attempt: the status code, or why there was none. */
	record Result(Integer statusCode, String error) {
	}

	Result send(WebhookDelivery delivery, String secret, long timestamp) {
		byte[] body = delivery.payload().getBytes(StandardCharsets.UTF_8);
		HttpRequest request = HttpRequest.newBuilder(URI.create(delivery.url()))
			.timeout(this.properties.readTimeout())
			.header("Content-Type", "application/json")
			.header("User-Agent", "Kiln-Webhooks/1")
			.header("Kiln-Event-Id", delivery.id().toString())
			.header("Kiln-Event-Type", delivery.eventType())
			.header("Kiln-Timestamp", Long.toString(timestamp))
			.header(WebhookSignature.HEADER, WebhookSignature.header(secret, timestamp, body))
			.POST(HttpRequest.BodyPublishers.ofByteArray(body))
			.build();
		try {
			HttpResponse<Void> response = this.http.send(request, HttpResponse.BodyHandlers.discarding());
			int status = response.statusCode();
			return new Result(status, (status >= 200 && status < 300) ? null
					: (status >= 300 && status < 400) ? "redirects are not followed" : null);
		}
		catch (IOException ex) {
			return new Result(null,
					ex.getClass().getSimpleName() + ((ex.getMessage() != null) ? ": " + ex.getMessage() : ""));
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return new Result(null, "interrupted: Kiln is shutting down");
		}
	}

}
