package dev.kiln.datasets.internal;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * Opens a stream that may be gzipped, deciding by its first two bytes (the gzip magic
 * {@code 1f 8b}) rather than by a file name, which uploads do not reliably carry. A
 * damaged or truncated gzip stream becomes a {@link DatasetFormatException} naming the
 * request part.
 */
final class GzipDetection {

	private static final int BUFFER_BYTES = 1 << 16;

	private GzipDetection() {
	}

	/** Whether the bytes start with the gzip magic number. */
	static boolean isGzip(int first, int second) {
		return first == 0x1f && second == 0x8b;
	}

	/**
	 * The content of {@code raw}, decompressed if it is gzipped.
	 * @param part the request part, for messages
	 */
	static InputStream open(InputStream raw, String part) throws IOException {
		BufferedInputStream in = new BufferedInputStream(raw, BUFFER_BYTES);
		in.mark(2);
		int first = in.read();
		int second = in.read();
		in.reset();
		if (!isGzip(first, second)) {
			return in;
		}
		try {
			return new BufferedInputStream(new GzipErrors(new GZIPInputStream(in, BUFFER_BYTES), part), BUFFER_BYTES);
		}
		catch (ZipException | EOFException ex) {
			in.close();
			throw GzipErrors.refusal(ex, part);
		}
	}

	/** Turns the errors of a damaged gzip stream into refusals naming the part. */
	private static final class GzipErrors extends FilterInputStream {

		private final String part;

		GzipErrors(InputStream in, String part) {
			super(in);
			this.part = part;
		}

		@Override
		public int read() throws IOException {
			try {
				return super.read();
			}
			catch (ZipException | EOFException ex) {
				throw refusal(ex, this.part);
			}
		}

		@Override
		public int read(byte[] bytes, int offset, int length) throws IOException {
			try {
				return super.read(bytes, offset, length);
			}
			catch (ZipException | EOFException ex) {
				throw refusal(ex, this.part);
			}
		}

		static DatasetFormatException refusal(IOException ex, String part) {
			if (ex instanceof EOFException) {
				return new DatasetFormatException(part, 0, null, "is truncated: its gzip stream ends early");
			}
			return new DatasetFormatException(part, 0, null, "is not a valid gzip stream: " + ex.getMessage());
		}

	}

}
