package dev.kiln.datasets.internal;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.zip.GZIPOutputStream;

/**
 * Builds small IDX files in memory for tests: pixel (r, c) of image i is
 * {@code (i * 16 + r * columns + c) % 256}.
 */
final class IdxFiles {

	private IdxFiles() {
	}

	static byte[] labels(int... labels) {
		ByteBuffer bytes = ByteBuffer.allocate(8 + labels.length);
		bytes.putInt(IdxReader.LABELS_MAGIC).putInt(labels.length);
		for (int label : labels) {
			bytes.put((byte) label);
		}
		return bytes.array();
	}

	static byte[] images(int count, int rows, int columns) {
		ByteBuffer bytes = ByteBuffer.allocate(16 + count * rows * columns);
		bytes.putInt(IdxReader.IMAGES_MAGIC).putInt(count).putInt(rows).putInt(columns);
		for (int i = 0; i < count; i++) {
			for (int p = 0; p < rows * columns; p++) {
				bytes.put((byte) pixel(i, p));
			}
		}
		return bytes.array();
	}

	static int pixel(int image, int index) {
		return (image * 16 + index) % 256;
	}

	static byte[] gzip(byte[] content) {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		try (GZIPOutputStream gzip = new GZIPOutputStream(out)) {
			gzip.write(content);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return out.toByteArray();
	}

	static byte[] truncated(byte[] content, int missing) {
		return Arrays.copyOf(content, content.length - missing);
	}

	static byte[] withTrailingBytes(byte[] content, int extra) {
		return Arrays.copyOf(content, content.length + extra);
	}

	static byte[] withMagic(byte[] content, int magic) {
		byte[] copy = content.clone();
		ByteBuffer.wrap(copy).putInt(0, magic);
		return copy;
	}

}
