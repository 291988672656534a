package dev.kiln.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class RawConnectionTest {

	/** Three answers: by length, in chunks, and by length with the connection closed. */
	private static final List<String> ANSWERS = List.of(
			"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 11\r\n\r\n{\"a\": [1]}\n",
			"HTTP/1.1 201 Created\r\nTransfer-Encoding: chunked\r\n\r\n4;x=y\r\n{\"b\"\r\n3\r\n: 2\r\n1\r\n}\r\n0\r\n\r\n",
			"HTTP/1.1 413 Content Too Large\r\nConnection: close\r\nContent-Length: 2\r\n\r\n{}");

	@Test
	void readsAnswersByLengthAndByChunksOverOneConnectionAndReconnectsAfterAClose() throws Exception {
		try (ServerSocket server = new ServerSocket(0)) {
			List<String> requestLines = new ArrayList<>();
			CompletableFuture<Void> serving = CompletableFuture.runAsync(() -> serve(server, requestLines));
			byte[] request = RawConnection.jsonPost("/api/v1/x", "key", "{\"é\": 1}");
			try (RawConnection connection = new RawConnection(server.getLocalPort())) {
				ApiClient.Response first = connection.send(request);
				ApiClient.Response second = connection.send(request);
				ApiClient.Response third = connection.send(request);
				ApiClient.Response fourth = connection.send(request);
				assertThat(first.status()).isEqualTo(200);
				assertThat(first.json().get("a").get(0).asInt()).isEqualTo(1);
				assertThat(second.status()).isEqualTo(201);
				assertThat(new String(second.body(), StandardCharsets.UTF_8)).isEqualTo("{\"b\": 2}");
				assertThat(third.status()).isEqualTo(413);
				assertThat(third.ok()).isFalse();
				assertThat(fourth.status()).isEqualTo(200);
			}
			serving.get();
			// the first three on one connection, the fourth on a new one
			assertThat(requestLines).containsExactly("0 POST /api/v1/x HTTP/1.1", "0 POST /api/v1/x HTTP/1.1",
					"0 POST /api/v1/x HTTP/1.1", "1 POST /api/v1/x HTTP/1.1");
		}
	}

	private static void serve(ServerSocket server, List<String> requestLines) {
		try {
			int answered = 0;
			for (int connection = 0; answered < 4; connection++) {
				try (Socket socket = server.accept()) {
					BufferedReader in = new BufferedReader(
							new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
					OutputStream out = socket.getOutputStream();
					for (String line = in.readLine(); line != null && answered < 4; line = in.readLine()) {
						requestLines.add(connection + " " + line);
						int length = 0;
						for (String header = in.readLine(); !header.isEmpty(); header = in.readLine()) {
							if (header.startsWith("Content-Length: ")) {
								length = Integer.parseInt(header.substring(16));
							}
							if (header.startsWith("Authorization: ")) {
								assertThat(header).isEqualTo("Authorization: Bearer key");
							}
						}
						// the body is 9 bytes of UTF-8 ("é" is two), read as 8 characters
						assertThat(length).isEqualTo(9);
						in.read(new char[8]);
						String answer = ANSWERS.get(answered % ANSWERS.size());
						out.write(answer.getBytes(StandardCharsets.UTF_8));
						out.flush();
						answered++;
						if (answer.contains("Connection: close")) {
							break;
						}
					}
				}
			}
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
