package dev.kiln.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A plain HTTP client for Kiln, as any client would use it: JSON in, JSON out, over a
 * real socket.
 */
final class KilnClient {

	static final JsonMapper JSON = JsonMapper.builder().build();

	private static final Set<String> ENDED = Set.of("SUCCEEDED", "FAILED", "CANCELLED");

	private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	private final int port;

	private final String base;

	/** Sent as the bearer credential; null sends none. */
	private final String apiKey;

	/** A client that authenticates with the given key (null: with none). */
	KilnClient(int port, String apiKey) {
		this.port = port;
		this.base = "http://localhost:" + port;
		this.apiKey = apiKey;
	}

	/** A client of a Kiln whose data folder is known, with its admin key. */
	static KilnClient admin(int port, Path dataDir) {
		return new KilnClient(port, adminKey(dataDir));
	}

	/** The admin key Kiln wrote to its data folder at first start. */
	static String adminKey(Path dataDir) {
		try {
			return Files.readString(dataDir.resolve("admin-api-key")).strip();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** The same server, another key (null: none). */
	KilnClient withKey(String apiKey) {
		return new KilnClient(this.port, apiKey);
	}

	String apiKey() {
		return this.apiKey;
	}

	int port() {
		return this.port;
	}

	/**
	 * Makes a tenant and a key for it with this client's (admin) key, and answers a
	 * client that uses the new key.
	 */
	KilnClient newTenant(String name) {
		Response tenant = post("/api/v1/tenants", "{\"name\": \"" + name + "\"}");
		if (tenant.status() != 201) {
			throw new IllegalStateException("tenant not created: " + tenant);
		}
		String id = tenant.json().get("id").asString();
		Response key = post("/api/v1/tenants/" + id + "/keys", "{\"name\": \"tests\"}");
		if (key.status() != 201) {
			throw new IllegalStateException("key not made: " + key);
		}
		return withKey(key.json().get("key").asString());
	}

	record Response(int status, HttpHeaders headers, byte[] body) {

		JsonNode json() {
			return JSON.readTree(new String(this.body, StandardCharsets.UTF_8));
		}

		String text() {
			return new String(this.body, StandardCharsets.UTF_8);
		}

		String header(String name) {
			return this.headers.firstValue(name).orElse(null);
		}

		@Override
		public String toString() {
			return this.status + " " + text();
		}

	}

	Response get(String path) {
		return send(HttpRequest.newBuilder(uri(path)).GET());
	}

	Response delete(String path) {
		return send(HttpRequest.newBuilder(uri(path)).DELETE());
	}

	Response post(String path, String json) {
		return post(path, "application/json", json.getBytes(StandardCharsets.UTF_8));
	}

	Response post(String path, String contentType, byte[] body) {
		return send(HttpRequest.newBuilder(uri(path))
			.header("Content-Type", contentType)
			.POST(HttpRequest.BodyPublishers.ofByteArray(body)));
	}

	/**
	 * A multipart/form-data upload: text fields, then file parts (name, file name,
	 * bytes).
	 */
	Response upload(String path, java.util.Map<String, String> fields, java.util.Map<String, byte[]> files) {
		String boundary = "kiln-" + java.util.UUID.randomUUID();
		java.io.ByteArrayOutputStream body = new java.io.ByteArrayOutputStream();
		java.io.PrintStream out = new java.io.PrintStream(body, true, StandardCharsets.UTF_8);
		fields.forEach((name, value) -> out.print("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + name
				+ "\"\r\n\r\n" + value + "\r\n"));
		files.forEach((name, bytes) -> {
			out.print("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + name + "\"; filename=\"" + name
					+ "\"\r\nContent-Type: application/octet-stream\r\n\r\n");
			out.write(bytes, 0, bytes.length);
			out.print("\r\n");
		});
		out.print("--" + boundary + "--\r\n");
		return post(path, "multipart/form-data; boundary=" + boundary, body.toByteArray());
	}

	/** Posts without a Content-Length (chunked), as a streaming client would. */
	Response postChunked(String path, byte[] json) {
		return send(HttpRequest.newBuilder(uri(path))
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofInputStream(() -> new java.io.ByteArrayInputStream(json))));
	}

	static String example(String name) {
		try {
			return Files.readString(Path.of("examples", name));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * Submits a spec and returns the new job's id, failing unless Kiln answered 202 with
	 * a Location.
	 */
	String submit(String spec) {
		Response response = post("/api/v1/jobs", spec);
		if (response.status() != 202 || response.header("Location") == null) {
			throw new AssertionError("expected 202 with Location, got " + response);
		}
		return response.json().get("id").asString();
	}

	/** Polls a job until it has ended, or fails after {@code timeout}. */
	JsonNode awaitEnd(String jobId, Duration timeout) {
		return awaitStatus(jobId, ENDED, timeout);
	}

	JsonNode awaitStatus(String jobId, Set<String> statuses, Duration timeout) {
		Instant deadline = Instant.now().plus(timeout);
		JsonNode job = null;
		while (Instant.now().isBefore(deadline)) {
			job = get("/api/v1/jobs/" + jobId).json();
			if (statuses.contains(job.get("status").asString())) {
				return job;
			}
			sleep(100);
		}
		throw new AssertionError("job " + jobId + " not in " + statuses + " after " + timeout + ": " + job);
	}

	/** Waits until a running job has written at least one checkpoint. */
	void awaitCheckpoint(String jobId, Duration timeout) {
		Instant deadline = Instant.now().plus(timeout);
		while (get("/api/v1/jobs/" + jobId + "/checkpoints").json().get("items").isEmpty()) {
			if (Instant.now().isAfter(deadline)) {
				throw new AssertionError("job " + jobId + " wrote no checkpoint within " + timeout);
			}
			sleep(100);
		}
	}

	static void sleep(long millis) {
		try {
			Thread.sleep(millis);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	private URI uri(String path) {
		return URI.create(this.base + path);
	}

	private Response send(HttpRequest.Builder request) {
		if (this.apiKey != null) {
			request.header("Authorization", "Bearer " + this.apiKey);
		}
		try {
			HttpResponse<byte[]> response = this.http.send(request.timeout(Duration.ofSeconds(60)).build(),
					HttpResponse.BodyHandlers.ofByteArray());
			return new Response(response.statusCode(), response.headers(), response.body());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

}
