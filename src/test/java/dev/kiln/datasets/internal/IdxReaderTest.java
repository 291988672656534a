package dev.kiln.datasets.internal;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class IdxReaderTest {

	private final IdxReader reader = new IdxReader(1000, 100, 1 << 20);

	private final List<float[]> rows = new ArrayList<>();

	@Test
	void readsLabelsAsUnsignedBytes() throws IOException {
		assertThat(this.reader.readLabels(stream(IdxFiles.labels(0, 9, 255)), "labels")).containsExactly(0, 9, 255);
	}

	@Test
	void readsImagesRowByRowAsRawPixelValues() throws IOException {
		InputStream in = stream(IdxFiles.images(3, 2, 4));
		IdxReader.ImagesHeader header = this.reader.readImagesHeader(in, "images");
		assertThat(header).isEqualTo(new IdxReader.ImagesHeader(3, 2, 4));
		this.reader.readImages(in, header, "images", (row) -> this.rows.add(row.clone()));
		assertThat(this.rows).hasSize(3);
		assertThat(this.rows.get(0)).containsExactly(0, 1, 2, 3, 4, 5, 6, 7);
		assertThat(this.rows.get(2)).containsExactly(32, 33, 34, 35, 36, 37, 38, 39);
	}

	@Test
	void readsPixelsAbove127AsPositive() throws IOException {
		InputStream in = stream(IdxFiles.images(16, 1, 16));
		IdxReader.ImagesHeader header = this.reader.readImagesHeader(in, "images");
		this.reader.readImages(in, header, "images", (row) -> this.rows.add(row.clone()));
		assertThat(this.rows.get(15)[15]).isEqualTo(255f);
	}

	@Test
	void refusesAWrongMagicNumberSayingWhatTheFileLooksLike() {
		assertThat(refusal(() -> this.reader.readLabels(stream(IdxFiles.images(1, 1, 1)), "labels")))
			.isEqualTo("is an image file (magic number 2051), expected an IDX label file (magic number 2049: "
					+ "unsigned bytes, one dimension)");
		assertThat(refusal(() -> this.reader
			.readImagesHeader(stream(IdxFiles.withMagic(IdxFiles.images(1, 1, 1), 0x00000D03)), "images")))
			.startsWith("has magic number 3331 (0x00000d03), expected an IDX image file");
		assertThat(refusal(() -> this.reader.readLabels(stream("a,b\n1,2\n".getBytes()), "labels")))
			.startsWith("has magic number 1630298634 (0x612c620a), expected an IDX label file");
	}

	@Test
	void refusesATruncatedFile() {
		assertThat(refusal(
				() -> this.reader.readLabels(stream(IdxFiles.truncated(IdxFiles.labels(1, 2, 3), 1)), "labels")))
			.isEqualTo("is truncated: its header announces 3 labels but the file ends after 2");
		assertThat(refusal(() -> readImages(IdxFiles.truncated(IdxFiles.images(3, 2, 2), 5))))
			.isEqualTo("is truncated: its header announces 3 images of 2x2 pixels (28 bytes) but the file ends "
					+ "after 23 bytes");
		assertThat(refusal(() -> this.reader.readLabels(stream(new byte[] { 0, 0, 8, 1, 0 }), "labels")))
			.isEqualTo("ends after 5 bytes, inside its 8-byte IDX header");
		assertThat(refusal(() -> this.reader.readLabels(stream(new byte[0]), "labels"))).isEqualTo("is empty");
	}

	@Test
	void refusesBytesAfterTheAnnouncedContent() {
		assertThat(refusal(
				() -> this.reader.readLabels(stream(IdxFiles.withTrailingBytes(IdxFiles.labels(1, 2), 1)), "labels")))
			.isEqualTo("has bytes after the 2 labels its header announces");
		assertThat(refusal(() -> readImages(IdxFiles.withTrailingBytes(IdxFiles.images(2, 2, 2), 3))))
			.isEqualTo("has bytes after the 2 images its header announces");
	}

	@Test
	void refusesCountsAndSizesOverTheLimitsBeforeReadingThePixels() {
		assertThat(refusal(() -> readImages(header(1001, 2, 2))))
			.isEqualTo("holds 1,001 images, more than the limit of 1,000 rows (kiln.datasets.max-rows)");
		assertThat(refusal(() -> readImages(header(10, 11, 10))))
			.isEqualTo("holds images of 11x10 = 110 pixels, more than the limit of 100 features "
					+ "(kiln.datasets.max-features)");
		assertThat(refusal(() -> readImages(header(0, 2, 2)))).isEqualTo("holds no images");
		assertThat(refusal(() -> readImages(header(1, 0, 2)))).contains("both must be positive");
		IdxReader small = new IdxReader(1000, 100, 100);
		assertThat(refusal(() -> small.readImagesHeader(stream(header(10, 10, 10)), "images")))
			.isEqualTo("announces 1,016 bytes of content, more than the limit of 100 "
					+ "(kiln.datasets.max-uncompressed-bytes)");
	}

	@Test
	void detectsGzipByItsMagicBytesAndNamesThePartWhenItIsDamaged() throws IOException {
		byte[] gzipped = IdxFiles.gzip(IdxFiles.labels(4, 5));
		try (InputStream in = GzipDetection.open(stream(gzipped), "labels")) {
			assertThat(this.reader.readLabels(in, "labels")).containsExactly(4, 5);
		}
		try (InputStream in = GzipDetection.open(stream(IdxFiles.labels(4, 5)), "labels")) {
			assertThat(this.reader.readLabels(in, "labels")).containsExactly(4, 5);
		}
		DatasetFormatException truncated = assertThatExceptionOfType(DatasetFormatException.class)
			.isThrownBy(() -> this.reader
				.readLabels(GzipDetection.open(stream(IdxFiles.truncated(IdxFiles.gzip(IdxFiles.images(20, 5, 5)), 30)),
						"testLabels"), "testLabels"))
			.actual();
		assertThat(truncated.field()).isEqualTo("testLabels");
		byte[] damaged = gzipped.clone();
		damaged[12] ^= (byte) 0xff;
		damaged[13] ^= (byte) 0xff;
		assertThatExceptionOfType(DatasetFormatException.class)
			.isThrownBy(() -> this.reader.readLabels(GzipDetection.open(stream(damaged), "labels"), "labels"));
	}

	private void readImages(byte[] bytes) throws IOException {
		InputStream in = stream(bytes);
		this.reader.readImages(in, this.reader.readImagesHeader(in, "images"), "images", (row) -> {
		});
	}

	private static byte[] header(int count, int rows, int columns) {
		return java.nio.ByteBuffer.allocate(16)
			.putInt(IdxReader.IMAGES_MAGIC)
			.putInt(count)
			.putInt(rows)
			.putInt(columns)
			.array();
	}

	private static String refusal(org.assertj.core.api.ThrowableAssert.ThrowingCallable call) {
		DatasetFormatException ex = assertThatExceptionOfType(DatasetFormatException.class).isThrownBy(call).actual();
		return ex.getMessage();
	}

	private static InputStream stream(byte[] bytes) {
		return new ByteArrayInputStream(bytes);
	}

}
