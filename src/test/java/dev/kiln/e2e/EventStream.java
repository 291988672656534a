package dev.kiln.e2e;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import tools.jackson.databind.JsonNode;

/**
 * A Server-Sent Events client over the JDK's HttpClient, reading the stream line by line
 * as the events arrive. Closing it disconnects.
 */
final class EventStream implements AutoCloseable {

	/**
	 * One event: its id (null when it has none), its type and its data, parsed as JSON.
	 */
	record Event(Long id, String type, String data) {

		JsonNode json() {
			return KilnClient.JSON.readTree(this.data);
		}

	}

	private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	private final HttpResponse<InputStream> response;

	private final BufferedReader lines;

	private int comments;

	private EventStream(HttpResponse<InputStream> response) {
		this.response = response;
		this.lines = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8));
	}

	/** Opens the stream; {@code lastEventId} may be null. */
	static EventStream open(int port, String apiKey, String jobId, String lastEventId) {
		HttpRequest.Builder request = HttpRequest
			.newBuilder(URI.create("http://localhost:" + port + "/api/v1/jobs/" + jobId + "/events"))
			.header("Accept", "text/event-stream")
			.GET();
		if (apiKey != null) {
			request.header("Authorization", "Bearer " + apiKey);
		}
		if (lastEventId != null) {
			request.header("Last-Event-ID", lastEventId);
		}
		try {
			return new EventStream(HTTP.send(request.build(), HttpResponse.BodyHandlers.ofInputStream()));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	int status() {
		return this.response.statusCode();
	}

	String contentType() {
		return this.response.headers().firstValue("Content-Type").orElse(null);
	}

	/** The whole body, for an answer that is not a stream (a problem document). */
	String body() {
		try {
			return new String(this.response.body().readAllBytes(), StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** Comment lines (heartbeats) seen so far. */
	int comments() {
		return this.comments;
	}

	/** The next event, or null when the server closed the stream. */
	Event next() {
		Long id = null;
		String type = "message";
		StringBuilder data = null;
		try {
			for (String line = this.lines.readLine(); line != null; line = this.lines.readLine()) {
				if (line.isEmpty()) {
					if (data != null) {
						return new Event(id, type, data.toString());
					}
					continue;
				}
				if (line.startsWith(":")) {
					this.comments++;
					continue;
				}
				int colon = line.indexOf(':');
				String field = (colon < 0) ? line : line.substring(0, colon);
				String value = (colon < 0) ? "" : line.substring(colon + 1);
				if (value.startsWith(" ")) {
					value = value.substring(1);
				}
				switch (field) {
					case "id" -> id = Long.valueOf(value);
					case "event" -> type = value;
					case "data" -> data = (data == null) ? new StringBuilder(value) : data.append('\n').append(value);
					default -> {
					}
				}
			}
			return null;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	@Override
	public void close() {
		try {
			this.response.body().close();
		}
		catch (IOException ex) {
			// already gone
		}
	}

}
