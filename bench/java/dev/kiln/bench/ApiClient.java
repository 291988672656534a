package dev.kiln.bench;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Kiln's HTTP API as any client sees it: JSON over a real socket, with an API key. */
final class ApiClient {

	static final JsonMapper JSON = JsonMapper.builder().build();

	private static final Set<String> ENDED = Set.of("SUCCEEDED", "FAILED", "CANCELLED");

	private final HttpClient http;

	private final String base;

	private final String apiKey;

	ApiClient(int port, String apiKey) {
		this(HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build(), port, apiKey);
	}

	private ApiClient(HttpClient http, int port, String apiKey) {
		this.http = http;
		this.base = "http://127.0.0.1:" + port;
		this.apiKey = apiKey;
	}

	/** Another client with its own connections, as a separate user would have. */
	ApiClient newConnection() {
		return new ApiClient(port(), this.apiKey);
	}

	/** A lean connection for load runs (see {@link RawConnection}). */
	RawConnection raw() {
		return new RawConnection(port());
	}

	/** A JSON POST with this client's key, encoded for {@link RawConnection#send}. */
	byte[] rawJsonPost(String path, String json) {
		return RawConnection.jsonPost(path, this.apiKey, json);
	}

	private int port() {
		return Integer.parseInt(this.base.substring(this.base.lastIndexOf(':') + 1));
	}

	record Response(int status, byte[] body) {

		JsonNode json() {
			return JSON.readTree(new String(this.body, StandardCharsets.UTF_8));
		}

		boolean ok() {
			return this.status >= 200 && this.status < 300;
		}

		@Override
		public String toString() {
			return this.status + " " + new String(this.body, StandardCharsets.UTF_8);
		}

	}

	Response get(String path) {
		return send(request(path).GET().build());
	}

	Response post(String path, String json) {
		return send(jsonPost(path, json));
	}

	/** A prepared JSON POST, to be sent many times with {@link #send}. */
	HttpRequest jsonPost(String path, String json) {
		return request(path).header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(json))
			.build();
	}

	HttpRequest.Builder request(String path) {
		HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(this.base + path))
			.timeout(Duration.ofSeconds(60));
		if (this.apiKey != null) {
			builder.header("Authorization", "Bearer " + this.apiKey);
		}
		return builder;
	}

	Response send(HttpRequest request) {
		try {
			HttpResponse<byte[]> response = this.http.send(request, HttpResponse.BodyHandlers.ofByteArray());
			return new Response(response.statusCode(), response.body());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	/** Fails unless the response is a 2xx; answers its JSON. */
	static JsonNode ok(Response response, String what) {
		if (!response.ok()) {
			throw new IllegalStateException(what + " failed: " + response);
		}
		return response.json();
	}

	/** Uploads a multipart form: text fields, then files. */
	JsonNode upload(String path, Map<String, String> fields, Map<String, Path> files) throws IOException {
		String boundary = "bench-" + UUID.randomUUID();
		ByteArrayOutputStream body = new ByteArrayOutputStream();
		for (Map.Entry<String, String> field : fields.entrySet()) {
			body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + field.getKey()
					+ "\"\r\n\r\n" + field.getValue() + "\r\n")
				.getBytes(StandardCharsets.UTF_8));
		}
		for (Map.Entry<String, Path> file : files.entrySet()) {
			body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + file.getKey()
					+ "\"; filename=\"" + file.getValue().getFileName()
					+ "\"\r\nContent-Type: application/octet-stream\r\n\r\n")
				.getBytes(StandardCharsets.UTF_8));
			body.writeBytes(Files.readAllBytes(file.getValue()));
			body.writeBytes("\r\n".getBytes(StandardCharsets.UTF_8));
		}
		body.writeBytes(("--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
		HttpRequest request = request(path).header("Content-Type", "multipart/form-data; boundary=" + boundary)
			.POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray()))
			.build();
		return ok(send(request), "upload to " + path);
	}

	/** Submits a job spec and answers the new job's id. */
	String submit(String spec) {
		Response response = post("/api/v1/jobs", spec);
		if (response.status() != 202) {
			throw new IllegalStateException("job not accepted: " + response);
		}
		return response.json().get("id").asString();
	}

	/**
	 * Polls a job until it has ended; answers its last state. Seldom enough not to load
	 * the node it measures: the figures come from the job's own timestamps and metrics.
	 */
	JsonNode awaitEnd(String jobId, Duration timeout) {
		JsonNode job = ended(jobId, Instant.now().plus(timeout));
		if (job == null) {
			throw new IllegalStateException("job " + jobId + " did not end within " + timeout);
		}
		return job;
	}

	/** Waits for the job to succeed; answers its last state, failing if it ended otherwise. */
	JsonNode awaitSuccess(String jobId, Duration timeout) {
		JsonNode job = awaitEnd(jobId, timeout);
		if (!"SUCCEEDED".equals(job.get("status").asString())) {
			throw new IllegalStateException("Kiln job " + jobId + " ended " + job.get("status") + ": " + job.get("error"));
		}
		return job;
	}

	/**
	 * Waits for the job to end, at most {@code cap}; then cancels it (it stops at its next
	 * iteration, keeping the epochs it finished) and waits for that. Answers its last
	 * state.
	 */
	JsonNode awaitEndOrCancel(String jobId, Duration cap) {
		JsonNode job = ended(jobId, Instant.now().plus(cap));
		if (job != null) {
			return job;
		}
		Response cancel = post("/api/v1/jobs/" + jobId + "/cancel", "");
		// 409: it ended between the last poll and the cancel
		if (!cancel.ok() && cancel.status() != 409) {
			throw new IllegalStateException("cancelling job " + jobId + " failed: " + cancel);
		}
		return awaitEnd(jobId, Duration.ofMinutes(5));
	}

	/** The job's last state once it has ended, or null at the deadline. */
	private JsonNode ended(String jobId, Instant deadline) {
		while (Instant.now().isBefore(deadline)) {
			JsonNode job = ok(get("/api/v1/jobs/" + jobId), "reading job " + jobId);
			if (ENDED.contains(job.get("status").asString())) {
				return job;
			}
			pause(250);
		}
		return null;
	}

	/** The job's per-epoch metrics, oldest first ({@code seconds}, {@code samplesPerSecond}, ...). */
	JsonNode epochMetrics(String jobId) {
		return ok(get("/api/v1/jobs/" + jobId + "/metrics"), "metrics of job " + jobId).get("items");
	}

	/**
	 * The test accuracy of a succeeded job's best checkpoint: from its state, else from its
	 * evaluation.
	 */
	double testAccuracy(JsonNode job) {
		JsonNode evaluation = job.get("evaluation");
		if (evaluation == null || evaluation.isNull()) {
			String id = job.get("id").asString();
			evaluation = ok(get("/api/v1/jobs/" + id + "/evaluation"), "evaluation of job " + id);
		}
		return evaluation.get("accuracy").asDouble();
	}

	static void pause(long millis) {
		try {
			Thread.sleep(millis);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

}
