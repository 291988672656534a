package dev.kiln.datasets.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.UUID;

import dev.kiln.engine.Examples;
import dev.kiln.storage.StorageFullException;

/**
 * Keeps each dataset as one binary file, {@code {id}.bin} in the dataset folder. The
 * format, all little-endian:
 *
 * <pre>
 * offset  size             content
 * 0       4                magic "KLDS" (0x4B 0x4C 0x44 0x53)
 * 4       4                format version (2)
 * 8       4                rows, the fixed test set included
 * 12      4                featureLength (values per row)
 * 16      4                classes
 * 20      4                testRows: the last testRows rows are the fixed test set (0: none)
 * 24      8                reserved (zero)
 * 32      4*rows*features  float32 features, row-major: training rows, then test rows
 * ...     4*rows           int32 class index of each row, in the same order
 * </pre>
 *
 * Version 1 had the same layout with offset 20 reserved (zero), so it reads as a file
 * without a test set. A file is written to a temporary file in the same folder and moved
 * into place only when complete, so a reader never sees a partial file.
 */
final class BinaryDatasetStore {

	static final int MAGIC = 0x53444C4B; // "KLDS" read as a little-endian int

	static final int VERSION = 2;

	static final int HEADER_BYTES = 32;

	private static final int BUFFER_BYTES = 1 << 16;

	private static final String SUFFIX = ".bin";

	static final String TEMP_SUFFIX = ".bin.tmp";

	private final Path dir;

	BinaryDatasetStore(Path dir) {
		this.dir = dir;
	}

	Path dir() {
		return this.dir;
	}

	/** The file name of a dataset, relative to the dataset folder. */
	static String fileName(UUID id) {
		return id + SUFFIX;
	}

	Path path(UUID id) {
		return this.dir.resolve(fileName(id));
	}

	/**
	 * Writes a dataset's file: {@code producer} writes every row's features to the sink
	 * and then tells the labels. Nothing is left behind if it fails.
	 * @return what the producer returned
	 */
	<C extends Content> C write(UUID id, Producer<C> producer) throws IOException {
		Files.createDirectories(this.dir);
		Path target = path(id);
		// unique per writer: two nodes may build the same built-in dataset's file at once
		Path temp = this.dir.resolve("." + id + "-" + UUID.randomUUID() + TEMP_SUFFIX);
		try {
			C content;
			try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.CREATE_NEW,
					StandardOpenOption.WRITE)) {
				channel.position(HEADER_BYTES);
				FeatureWriter features = new FeatureWriter(channel);
				content = producer.produce(features);
				features.flush();
				int rows = content.labels().length;
				if (content.featureLength() <= 0 || content.classes() <= 0
						|| features.values != (long) rows * content.featureLength()) {
					throw new IllegalStateException("wrote " + features.values + " feature values for " + rows
							+ " rows of " + content.featureLength());
				}
				if (content.testRows() < 0 || content.testRows() > rows) {
					throw new IllegalStateException(content.testRows() + " test rows out of " + rows);
				}
				writeLabels(channel, content.labels());
				ByteBuffer header = ByteBuffer.allocate(HEADER_BYTES).order(ByteOrder.LITTLE_ENDIAN);
				header.putInt(MAGIC).putInt(VERSION).putInt(rows).putInt(content.featureLength());
				header.putInt(content.classes()).putInt(content.testRows()).flip();
				writeFully(channel, header, 0);
				channel.force(true);
			}
			move(temp, target);
			return content;
		}
		catch (IOException ex) {
			Files.deleteIfExists(temp);
			if (StorageFullException.isFullDisk(ex)) {
				throw new StorageFullException(this.dir, "dataset " + id, ex);
			}
			throw ex;
		}
		catch (RuntimeException | Error ex) {
			Files.deleteIfExists(temp);
			throw ex;
		}
	}

	/** Writes examples as a dataset's file, without a fixed test set. */
	void write(UUID id, Examples examples) throws IOException {
		write(id, examples, new Examples(new float[0], new int[0], examples.featureLength(), examples.classes()));
	}

	/** Writes training rows and a fixed test set as a dataset's file. */
	void write(UUID id, Examples training, Examples test) throws IOException {
		write(id, (sink) -> {
			float[] row = new float[training.featureLength()];
			for (Examples examples : List.of(training, test)) {
				for (int r = 0; r < examples.count(); r++) {
					System.arraycopy(examples.features(), r * row.length, row, 0, row.length);
					sink.accept(row);
				}
			}
			int[] labels = new int[training.count() + test.count()];
			System.arraycopy(training.labels(), 0, labels, 0, training.count());
			System.arraycopy(test.labels(), 0, labels, training.count(), test.count());
			return new SimpleContent(training.featureLength(), training.classes(), labels, test.count());
		});
	}

	/** Reads a dataset's file back. */
	StoredRows read(UUID id) {
		return read(path(id));
	}

	/**
	 * Reads a dataset file back, its training rows and its fixed test set in arrays of
	 * their own, so that neither is copied again to be separated.
	 */
	static StoredRows read(Path file) {
		try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
			Header header = Header.read(channel, file);
			int trainingRows = header.rows - header.testRows;
			float[] trainingFeatures = new float[trainingRows * header.featureLength];
			float[] testFeatures = new float[header.testRows * header.featureLength];
			int[] trainingLabels = new int[trainingRows];
			int[] testLabels = new int[header.testRows];
			ByteBuffer buffer = ByteBuffer.allocateDirect(BUFFER_BYTES).order(ByteOrder.LITTLE_ENDIAN);
			readFloats(channel, buffer, trainingFeatures, file);
			readFloats(channel, buffer, testFeatures, file);
			readInts(channel, buffer, trainingLabels, file);
			readInts(channel, buffer, testLabels, file);
			checkLabels(trainingLabels, header.classes, file);
			checkLabels(testLabels, header.classes, file);
			return new StoredRows(new Examples(trainingFeatures, trainingLabels, header.featureLength, header.classes),
					new Examples(testFeatures, testLabels, header.featureLength, header.classes));
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot read dataset file " + file, ex);
		}
	}

	/** Reads every row of a dataset file as one set, the fixed test set last. */
	static Examples readAll(Path file) {
		try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
			Header header = Header.read(channel, file);
			float[] features = new float[header.rows * header.featureLength];
			int[] labels = new int[header.rows];
			ByteBuffer buffer = ByteBuffer.allocateDirect(BUFFER_BYTES).order(ByteOrder.LITTLE_ENDIAN);
			readFloats(channel, buffer, features, file);
			readInts(channel, buffer, labels, file);
			checkLabels(labels, header.classes, file);
			return new Examples(features, labels, header.featureLength, header.classes);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot read dataset file " + file, ex);
		}
	}

	private static void readFloats(FileChannel channel, ByteBuffer buffer, float[] values, Path file)
			throws IOException {
		readChunks(channel, buffer, values.length, file,
				(chunk, offset, count) -> chunk.asFloatBuffer().get(values, offset, count));
	}

	private static void readInts(FileChannel channel, ByteBuffer buffer, int[] values, Path file) throws IOException {
		readChunks(channel, buffer, values.length, file,
				(chunk, offset, count) -> chunk.asIntBuffer().get(values, offset, count));
	}

	/**
	 * Receives one buffer-sized chunk of 4-byte values: {@code count} of them, from value
	 * {@code offset} on.
	 */
	@FunctionalInterface
	private interface ChunkSink {

		void accept(ByteBuffer chunk, int offset, int count);

	}

	/**
	 * Reads {@code total} 4-byte values in buffer-sized chunks, so that no file is read
	 * into memory twice.
	 */
	private static void readChunks(FileChannel channel, ByteBuffer buffer, int total, Path file, ChunkSink sink)
			throws IOException {
		int done = 0;
		while (done < total) {
			int count = Math.min(BUFFER_BYTES / 4, total - done);
			buffer.clear().limit(count * 4);
			readFully(channel, buffer, file);
			buffer.flip();
			sink.accept(buffer, done, count);
			done += count;
		}
	}

	private static void checkLabels(int[] labels, int classes, Path file) {
		for (int label : labels) {
			if (label < 0 || label >= classes) {
				throw corrupt(file, "class index " + label + " outside [0, " + classes + ")");
			}
		}
	}

	/** Deletes a dataset's file, if there is one. */
	void delete(UUID id) throws IOException {
		Files.deleteIfExists(path(id));
	}

	private static IllegalStateException corrupt(Path file, String reason) {
		return new IllegalStateException("Dataset file " + file + " is damaged: " + reason);
	}

	private static void move(Path source, Path target) throws IOException {
		try {
			Files.move(source, target, StandardCopyOption.ATOMIC_MOVE);
		}
		catch (AtomicMoveNotSupportedException ex) {
			Files.move(source, target, StandardCopyOption.REPLACE_EXISTING);
		}
	}

	private static void writeLabels(FileChannel channel, int[] labels) throws IOException {
		ByteBuffer buffer = ByteBuffer.allocate(BUFFER_BYTES).order(ByteOrder.LITTLE_ENDIAN);
		int done = 0;
		while (done < labels.length) {
			int n = Math.min(BUFFER_BYTES / 4, labels.length - done);
			buffer.clear();
			buffer.asIntBuffer().put(labels, done, n);
			buffer.limit(n * 4);
			while (buffer.hasRemaining()) {
				channel.write(buffer);
			}
			done += n;
		}
	}

	private static void writeFully(FileChannel channel, ByteBuffer buffer, long position) throws IOException {
		while (buffer.hasRemaining()) {
			position += channel.write(buffer, position);
		}
	}

	private static void readFully(FileChannel channel, ByteBuffer buffer, Path file) throws IOException {
		while (buffer.hasRemaining()) {
			if (channel.read(buffer) < 0) {
				throw corrupt(file, "file ends early");
			}
		}
	}

	/** Writes a dataset's rows and says what they were. */
	@FunctionalInterface
	interface Producer<C extends Content> {

		C produce(RowSink sink) throws IOException;

	}

	/** What a dataset file holds besides its features. */
	interface Content {

		int featureLength();

		int classes();

		/** Each row's class index: training rows, then test rows. */
		int[] labels();

		/** How many of the rows, the last ones, are the fixed test set. */
		default int testRows() {
			return 0;
		}

	}

	record SimpleContent(int featureLength, int classes, int[] labels, int testRows) implements Content {

		SimpleContent(int featureLength, int classes, int[] labels) {
			this(featureLength, classes, labels, 0);
		}

	}

	/** A dataset file's rows: the training rows and the fixed test set (maybe empty). */
	record StoredRows(Examples training, Examples test) {

		boolean hasTestSet() {
			return this.test.count() > 0;
		}

	}

	/** A dataset file's header, checked against the file's size. */
	private record Header(int rows, int featureLength, int classes, int testRows) {

		static Header read(FileChannel channel, Path file) throws IOException {
			ByteBuffer header = ByteBuffer.allocate(HEADER_BYTES).order(ByteOrder.LITTLE_ENDIAN);
			readFully(channel, header, file);
			header.flip();
			int magic = header.getInt();
			int version = header.getInt();
			int rows = header.getInt();
			int featureLength = header.getInt();
			int classes = header.getInt();
			int testRows = header.getInt();
			if (magic != MAGIC || version < 1 || version > VERSION) {
				throw corrupt(file, "not a dataset file of version 1 to " + VERSION);
			}
			long values = (long) rows * featureLength;
			if (rows < 0 || featureLength <= 0 || classes <= 0 || values > Integer.MAX_VALUE - 8
					|| channel.size() != HEADER_BYTES + 4 * values + 4L * rows) {
				throw corrupt(file, "header and size disagree");
			}
			if (testRows < 0 || testRows > rows) {
				throw corrupt(file, testRows + " test rows out of " + rows);
			}
			return new Header(rows, featureLength, classes, testRows);
		}

	}

	/** Buffers feature values and writes them as little-endian float32. */
	private static final class FeatureWriter implements RowSink {

		private final FileChannel channel;

		private final ByteBuffer buffer = ByteBuffer.allocate(BUFFER_BYTES).order(ByteOrder.LITTLE_ENDIAN);

		private long values;

		FeatureWriter(FileChannel channel) {
			this.channel = channel;
		}

		@Override
		public void accept(float[] features) throws IOException {
			for (float value : features) {
				if (!this.buffer.hasRemaining()) {
					flush();
				}
				this.buffer.putFloat(value);
			}
			this.values += features.length;
		}

		void flush() throws IOException {
			this.buffer.flip();
			while (this.buffer.hasRemaining()) {
				this.channel.write(this.buffer);
			}
			this.buffer.clear();
		}

	}

}
