package dev.kiln.datasets.internal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.Locale;

/**
 * Reads IDX files of unsigned bytes, the format MNIST and Fashion-MNIST are published in:
 * a big-endian header (magic number, then one int32 per dimension) followed by the
 * values. Label files have magic 2049 ({@code 0x00000801}: unsigned bytes, one dimension,
 * the count); image files have magic 2051 ({@code 0x00000803}: unsigned bytes, three
 * dimensions: count, rows, columns). The content must be exactly as long as its header
 * says: a truncated file or bytes after the announced values are refused. Errors name the
 * request part the stream came from.
 */
final class IdxReader {

	static final int LABELS_MAGIC = 0x00000801;

	static final int IMAGES_MAGIC = 0x00000803;

	/** The most values an {@link dev.kiln.engine.Examples} array can hold. */
	private static final long MAX_VALUES = Integer.MAX_VALUE - 8;

	private final int maxRows;

	private final int maxFeatures;

	private final long maxBytes;

	/**
	 * @param maxRows the most labels or images a file may hold
	 * @param maxFeatures the most pixels an image may have
	 * @param maxBytes the most bytes of content a file may announce (it may be gzipped,
	 * so its upload size does not bound it)
	 */
	IdxReader(int maxRows, int maxFeatures, long maxBytes) {
		this.maxRows = maxRows;
		this.maxFeatures = maxFeatures;
		this.maxBytes = maxBytes;
	}

	/**
	 * Reads a whole label file: one unsigned byte per example.
	 * @param part the request part, for messages
	 */
	int[] readLabels(InputStream in, String part) throws IOException {
		ByteBuffer header = header(in, part, 8);
		checkMagic(header.getInt(), LABELS_MAGIC, part);
		int count = header.getInt();
		checkCount(count, "labels", part);
		checkBytes(8 + (long) count, part);
		byte[] bytes = new byte[count];
		int read = in.readNBytes(bytes, 0, count);
		if (read < count) {
			throw new DatasetFormatException(part, 0, null, "is truncated: its header announces " + number(count)
					+ " labels but the file ends after " + number(read));
		}
		checkEnd(in, part, number(count) + " labels");
		int[] labels = new int[count];
		for (int i = 0; i < count; i++) {
			labels[i] = Byte.toUnsignedInt(bytes[i]);
		}
		return labels;
	}

	/** Reads an image file's header; {@link #readImages} reads the rest. */
	ImagesHeader readImagesHeader(InputStream in, String part) throws IOException {
		ByteBuffer header = header(in, part, 16);
		checkMagic(header.getInt(), IMAGES_MAGIC, part);
		int count = header.getInt();
		int rows = header.getInt();
		int columns = header.getInt();
		checkCount(count, "images", part);
		if (rows <= 0 || columns <= 0) {
			throw new DatasetFormatException(part, 0, null,
					"declares images of " + rows + "x" + columns + " pixels; both must be positive");
		}
		long pixels = (long) rows * columns;
		if (pixels > this.maxFeatures) {
			throw new DatasetFormatException(part, 0, null,
					"holds images of " + rows + "x" + columns + " = " + number(pixels) + " pixels, more than the "
							+ "limit of " + number(this.maxFeatures) + " features (kiln.datasets.max-features)");
		}
		if (count * pixels > MAX_VALUES) {
			throw new DatasetFormatException(part, 0, null, "holds " + number(count * pixels)
					+ " pixels, more than a dataset can hold (" + number(MAX_VALUES) + ")");
		}
		checkBytes(16 + count * pixels, part);
		return new ImagesHeader(count, rows, columns);
	}

	/**
	 * Reads an image file's pixels, after its header, handing each image to the sink as
	 * one row of raw 0..255 values (row-major, one channel).
	 */
	void readImages(InputStream in, ImagesHeader header, String part, RowSink sink) throws IOException {
		int length = header.pixels();
		byte[] bytes = new byte[length];
		float[] row = new float[length];
		for (int image = 0; image < header.count(); image++) {
			int read = in.readNBytes(bytes, 0, length);
			if (read < length) {
				long total = 16 + (long) image * length + read;
				throw new DatasetFormatException(part, 0, null,
						"is truncated: its header announces " + number(header.count()) + " images of " + header.rows()
								+ "x" + header.columns() + " pixels (" + number(header.fileBytes())
								+ " bytes) but the file ends after " + number(total) + " bytes");
			}
			for (int i = 0; i < length; i++) {
				row[i] = Byte.toUnsignedInt(bytes[i]);
			}
			sink.accept(row);
		}
		checkEnd(in, part, number(header.count()) + " images");
	}

	private static ByteBuffer header(InputStream in, String part, int length) throws IOException {
		byte[] bytes = in.readNBytes(length);
		if (bytes.length < length) {
			throw new DatasetFormatException(part, 0, null, (bytes.length == 0) ? "is empty"
					: "ends after " + bytes.length + " bytes, inside its " + length + "-byte IDX header");
		}
		return ByteBuffer.wrap(bytes);
	}

	private static void checkMagic(int magic, int expected, String part) {
		if (magic == expected) {
			return;
		}
		String what = (expected == LABELS_MAGIC)
				? "an IDX label file (magic number 2049: unsigned bytes, one " + "dimension)"
				: "an IDX image file (magic number 2051: unsigned bytes, three dimensions)";
		String found = switch (magic) {
			case LABELS_MAGIC -> "is a label file (magic number 2049)";
			case IMAGES_MAGIC -> "is an image file (magic number 2051)";
			default -> "has magic number " + magic + String.format(Locale.ROOT, " (0x%08x)", magic);
		};
		throw new DatasetFormatException(part, 0, null, found + ", expected " + what);
	}

	private void checkCount(int count, String what, String part) {
		if (count <= 0) {
			throw new DatasetFormatException(part, 0, null, "holds no " + what);
		}
		if (count > this.maxRows) {
			throw new DatasetFormatException(part, 0, null, "holds " + number(count) + " " + what
					+ ", more than the limit of " + number(this.maxRows) + " rows (kiln.datasets.max-rows)");
		}
	}

	private void checkBytes(long bytes, String part) {
		if (bytes > this.maxBytes) {
			throw new DatasetFormatException(part, 0, null,
					"announces " + number(bytes) + " bytes of content, more than the limit of " + number(this.maxBytes)
							+ " (kiln.datasets.max-uncompressed-bytes)");
		}
	}

	private static void checkEnd(InputStream in, String part, String content) throws IOException {
		if (in.read() >= 0) {
			throw new DatasetFormatException(part, 0, null, "has bytes after the " + content + " its header announces");
		}
	}

	static String number(long value) {
		return String.format(Locale.ROOT, "%,d", value);
	}

	/** What an image file's header announces. */
	record ImagesHeader(int count, int rows, int columns) {

		int pixels() {
			return this.rows * this.columns;
		}

		long fileBytes() {
			return 16 + (long) this.count * pixels();
		}

	}

}
