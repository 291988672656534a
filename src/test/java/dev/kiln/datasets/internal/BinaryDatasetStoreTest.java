package dev.kiln.datasets.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import java.util.stream.Stream;

import dev.kiln.engine.Examples;
import dev.kiln.storage.FullDisks;
import dev.kiln.storage.StorageFullException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.assertj.core.api.Assertions.assertThatIOException;

class BinaryDatasetStoreTest {

	@TempDir
	Path dir;

	@Test
	void readsBackExactlyWhatWasWritten() throws IOException {
		BinaryDatasetStore store = new BinaryDatasetStore(this.dir.resolve("datasets"));
		float[] features = { 1.5f, -0f, Float.MIN_VALUE, Float.MAX_VALUE, 3f, -7.25f };
		Examples examples = new Examples(features, new int[] { 2, 0, 1 }, 2, 3);
		UUID id = UUID.randomUUID();
		store.write(id, examples);
		Examples read = store.read(id).training();
		assertThat(store.read(id).hasTestSet()).isFalse();
		assertThat(read.features()).containsExactly(features);
		assertThat(read.labels()).containsExactly(2, 0, 1);
		assertThat(read.featureLength()).isEqualTo(2);
		assertThat(read.classes()).isEqualTo(3);
		assertThat(Files.size(store.path(id))).isEqualTo(32 + 6 * 4 + 3 * 4);
	}

	@Test
	void writesALittleEndianHeaderFloatsAndInts() throws IOException {
		BinaryDatasetStore store = new BinaryDatasetStore(this.dir);
		UUID id = UUID.randomUUID();
		store.write(id, new Examples(new float[] { 1f, 2f }, new int[] { 1 }, 2, 2));
		ByteBuffer bytes = ByteBuffer.wrap(Files.readAllBytes(store.path(id))).order(ByteOrder.LITTLE_ENDIAN);
		assertThat(new String(Files.readAllBytes(store.path(id)), 0, 4, "US-ASCII")).isEqualTo("KLDS");
		assertThat(bytes.getInt(4)).isEqualTo(2);
		assertThat(bytes.getInt(8)).isEqualTo(1);
		assertThat(bytes.getInt(12)).isEqualTo(2);
		assertThat(bytes.getInt(16)).isEqualTo(2);
		assertThat(bytes.getInt(20)).isZero();
		assertThat(bytes.getFloat(32)).isEqualTo(1f);
		assertThat(bytes.getFloat(36)).isEqualTo(2f);
		assertThat(bytes.getInt(40)).isEqualTo(1);
	}

	@Test
	void roundTripsLargerDatasetsAcrossBufferBoundaries() throws IOException {
		BinaryDatasetStore store = new BinaryDatasetStore(this.dir);
		int rows = 20_000;
		int length = 7;
		float[] features = new float[rows * length];
		int[] labels = new int[rows];
		for (int i = 0; i < features.length; i++) {
			features[i] = i * 0.5f;
		}
		for (int r = 0; r < rows; r++) {
			labels[r] = r % 5;
		}
		UUID id = UUID.randomUUID();
		store.write(id, new Examples(features, labels, length, 5));
		Examples read = store.read(id).training();
		assertThat(read.features()).isEqualTo(features);
		assertThat(read.labels()).isEqualTo(labels);
	}

	@Test
	void keepsAFixedTestSetAfterTheTrainingRows() throws IOException {
		BinaryDatasetStore store = new BinaryDatasetStore(this.dir);
		UUID id = UUID.randomUUID();
		Examples training = new Examples(new float[] { 1, 2, 3, 4, 5, 6 }, new int[] { 0, 1, 2 }, 2, 3);
		Examples test = new Examples(new float[] { 7, 8, 9, 10 }, new int[] { 2, 1 }, 2, 3);
		store.write(id, training, test);
		ByteBuffer bytes = ByteBuffer.wrap(Files.readAllBytes(store.path(id))).order(ByteOrder.LITTLE_ENDIAN);
		assertThat(bytes.getInt(8)).isEqualTo(5);
		assertThat(bytes.getInt(20)).isEqualTo(2);
		BinaryDatasetStore.StoredRows read = store.read(id);
		assertThat(read.hasTestSet()).isTrue();
		assertThat(read.training().features()).containsExactly(1, 2, 3, 4, 5, 6);
		assertThat(read.training().labels()).containsExactly(0, 1, 2);
		assertThat(read.test().features()).containsExactly(7, 8, 9, 10);
		assertThat(read.test().labels()).containsExactly(2, 1);
		Examples all = BinaryDatasetStore.readAll(store.path(id));
		assertThat(all.features()).containsExactly(1, 2, 3, 4, 5, 6, 7, 8, 9, 10);
		assertThat(all.labels()).containsExactly(0, 1, 2, 2, 1);
	}

	@Test
	void readsVersion1FilesAsDatasetsWithoutATestSet() throws IOException {
		BinaryDatasetStore store = new BinaryDatasetStore(this.dir);
		UUID id = UUID.randomUUID();
		ByteBuffer bytes = ByteBuffer.allocate(32 + 4 * 4 + 2 * 4).order(ByteOrder.LITTLE_ENDIAN);
		bytes.putInt(BinaryDatasetStore.MAGIC).putInt(1).putInt(2).putInt(2).putInt(2);
		bytes.position(32);
		bytes.putFloat(1).putFloat(2).putFloat(3).putFloat(4).putInt(1).putInt(0);
		Files.write(store.path(id), bytes.array());
		BinaryDatasetStore.StoredRows read = store.read(id);
		assertThat(read.hasTestSet()).isFalse();
		assertThat(read.training().features()).containsExactly(1, 2, 3, 4);
		assertThat(read.training().labels()).containsExactly(1, 0);
	}

	@Test
	void leavesNoFileBehindWhenWritingFails() throws IOException {
		BinaryDatasetStore store = new BinaryDatasetStore(this.dir);
		UUID id = UUID.randomUUID();
		assertThatIOException().isThrownBy(() -> store.write(id, (sink) -> {
			for (int i = 0; i < 50_000; i++) {
				sink.accept(new float[] { i, i });
			}
			throw new IOException("disk on fire");
		}));
		assertThat(store.path(id)).doesNotExist();
		assertThat(files()).isEmpty();
	}

	@Test
	void refusesContentWhoseRowCountDisagreesWithTheLabels() throws IOException {
		BinaryDatasetStore store = new BinaryDatasetStore(this.dir);
		UUID id = UUID.randomUUID();
		assertThatIllegalStateException().isThrownBy(() -> store.write(id, (sink) -> {
			sink.accept(new float[] { 1, 2 });
			return new BinaryDatasetStore.SimpleContent(2, 2, new int[] { 0, 1 });
		}));
		assertThat(files()).isEmpty();
	}

	@Test
	void refusesToReadATruncatedOrForeignFile() throws IOException {
		BinaryDatasetStore store = new BinaryDatasetStore(this.dir);
		UUID id = UUID.randomUUID();
		store.write(id, new Examples(new float[] { 1f, 2f, 3f, 4f }, new int[] { 0, 1 }, 2, 2));
		byte[] bytes = Files.readAllBytes(store.path(id));
		Files.write(store.path(id), java.util.Arrays.copyOf(bytes, bytes.length - 1));
		assertThatIllegalStateException().isThrownBy(() -> store.read(id)).withMessageContaining("damaged");
		ByteBuffer header = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
		header.putInt(20, 3);
		Files.write(store.path(id), bytes);
		assertThatIllegalStateException().isThrownBy(() -> store.read(id))
			.withMessageContaining("3 test rows out of 2");
		Files.writeString(store.path(id), "p0,p1,label\n1,2,3\n0,0,0\n0,0,0\n");
		assertThatIllegalStateException().isThrownBy(() -> store.read(id)).withMessageContaining("damaged");
	}

	private Stream<Path> files() throws IOException {
		try (Stream<Path> files = Files.list(this.dir)) {
			return files.toList().stream();
		}
	}

	@Test
	void aDatasetThatDoesNotFitOnTheDiskLeavesNoFileAndTheOthersIntact() throws IOException {
		BinaryDatasetStore store = new BinaryDatasetStore(this.dir);
		UUID earlier = UUID.randomUUID();
		store.write(earlier, new Examples(new float[] { 1f, 2f }, new int[] { 1 }, 2, 2));
		UUID id = UUID.randomUUID();
		assertThatExceptionOfType(StorageFullException.class).isThrownBy(() -> store.write(id, (sink) -> {
			sink.accept(new float[] { 3f, 4f });
			// as the file channel reports ENOSPC when the rows are flushed
			throw FullDisks.noSpaceLeft(this.dir.resolve("." + id + BinaryDatasetStore.TEMP_SUFFIX));
		})).withMessage("no space left on " + this.dir + " to write dataset " + id);
		try (Stream<Path> files = Files.list(this.dir)) {
			assertThat(files.toList()).containsExactly(store.path(earlier));
		}
		assertThat(store.read(earlier).training().features()).containsExactly(1f, 2f);
	}

}
