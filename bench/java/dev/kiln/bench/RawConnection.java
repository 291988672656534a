package dev.kiln.bench;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * One keep-alive HTTP/1.1 connection that sends requests encoded beforehand and reads
 * each answer by its length (or its chunks), as lean load generators such as wrk do.
 * <p>
 * Why: the throughput runs put the server and its clients on the same few cores, and
 * the JDK's {@code HttpClient} spends about as much CPU per small request as the server
 * does (its selector thread, futures and header maps); with it, much of what is measured
 * is the client. Latencies are still measured with the JDK's client, as an application
 * would call Kiln.
 */
final class RawConnection implements AutoCloseable {

	private final int port;

	private Socket socket;

	private InputStream in;

	private OutputStream out;

	RawConnection(int port) {
		this.port = port;
	}

	/** A POST of a JSON body, as the bytes sent on the wire. */
	static byte[] jsonPost(String path, String apiKey, String json) {
		byte[] body = json.getBytes(StandardCharsets.UTF_8);
		byte[] head = ("POST " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " + apiKey
				+ "\r\nContent-Type: application/json\r\nContent-Length: " + body.length + "\r\n\r\n")
			.getBytes(StandardCharsets.US_ASCII);
		byte[] request = new byte[head.length + body.length];
		System.arraycopy(head, 0, request, 0, head.length);
		System.arraycopy(body, 0, request, head.length, body.length);
		return request;
	}

	/** Sends one request and reads its whole answer. */
	ApiClient.Response send(byte[] request) throws IOException {
		if (this.socket == null) {
			this.socket = new Socket("127.0.0.1", this.port);
			this.socket.setTcpNoDelay(true);
			this.socket.setSoTimeout(60_000);
			this.in = new BufferedInputStream(this.socket.getInputStream(), 16 * 1024);
			this.out = this.socket.getOutputStream();
		}
		this.out.write(request);
		this.out.flush();
		String statusLine = line();
		if (!statusLine.startsWith("HTTP/1.1 ") || statusLine.length() < 12) {
			throw new IOException("not an HTTP/1.1 answer: " + statusLine);
		}
		int status = Integer.parseInt(statusLine.substring(9, 12));
		long length = -1;
		boolean chunked = false;
		boolean close = false;
		for (String header = line(); !header.isEmpty(); header = line()) {
			int colon = header.indexOf(':');
			String name = header.substring(0, Math.max(colon, 0)).trim().toLowerCase(Locale.ROOT);
			String value = header.substring(colon + 1).trim().toLowerCase(Locale.ROOT);
			switch (name) {
				case "content-length" -> length = Long.parseLong(value);
				case "transfer-encoding" -> chunked = value.contains("chunked");
				case "connection" -> close = value.contains("close");
				default -> {
				}
			}
		}
		byte[] body = chunked ? chunks() : (length >= 0) ? exactly((int) length) : this.in.readAllBytes();
		if (close || (!chunked && length < 0)) {
			close();
		}
		return new ApiClient.Response(status, body);
	}

	private byte[] chunks() throws IOException {
		ByteArrayOutputStream body = new ByteArrayOutputStream();
		for (int size = chunkSize(); size > 0; size = chunkSize()) {
			body.writeBytes(exactly(size));
			line();
		}
		for (String trailer = line(); !trailer.isEmpty(); trailer = line()) {
			// trailers are not used
		}
		return body.toByteArray();
	}

	private int chunkSize() throws IOException {
		String line = line();
		int extension = line.indexOf(';');
		return Integer.parseInt((extension >= 0) ? line.substring(0, extension).trim() : line.trim(), 16);
	}

	private byte[] exactly(int length) throws IOException {
		byte[] bytes = this.in.readNBytes(length);
		if (bytes.length < length) {
			throw new EOFException("the answer ended after " + bytes.length + " of " + length + " bytes");
		}
		return bytes;
	}

	/** A header line without its CRLF. */
	private String line() throws IOException {
		StringBuilder line = new StringBuilder(64);
		for (int b = this.in.read(); b != '\n'; b = this.in.read()) {
			if (b < 0) {
				throw new EOFException("the connection closed mid-answer");
			}
			if (b != '\r') {
				line.append((char) b);
			}
		}
		return line.toString();
	}

	@Override
	public void close() throws IOException {
		if (this.socket != null) {
			this.socket.close();
			this.socket = null;
		}
	}

}
