package dev.kiln.storage;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class StorageFullExceptionTest {

	@Test
	void aFullDiskIsRecognisedHoweverTheJdkReportsIt() {
		Path file = Path.of("/data/checkpoints/x.tmp");
		assertThat(StorageFullException.isFullDisk(FullDisks.noSpaceLeft(file))).isTrue();
		// FileChannel and FileOutputStream writes report ENOSPC as a plain IOException
		assertThat(StorageFullException.isFullDisk(new IOException("No space left on device"))).isTrue();
		assertThat(StorageFullException.isFullDisk(
				new IllegalStateException("wrapped", new UncheckedIOException(new IOException("Disk quota exceeded")))))
			.isTrue();
		assertThat(StorageFullException.isFullDisk(new IOException("There is not enough space on the disk"))).isTrue();
	}

	@Test
	void otherFailuresAreNotAFullDisk() {
		assertThat(StorageFullException.isFullDisk(new NoSuchFileException("/data/x"))).isFalse();
		assertThat(StorageFullException.isFullDisk(new IOException("Connection reset"))).isFalse();
		// a message that is not an I/O failure's, however worded
		assertThat(StorageFullException.isFullDisk(new IllegalArgumentException("No space left on device"))).isFalse();
		assertThat(StorageFullException.isFullDisk(null)).isFalse();
	}

	@Test
	void itsMessageNamesTheFolderAndWhatWasBeingWritten() {
		StorageFullException ex = new StorageFullException(Path.of("/data/checkpoints"), "the checkpoint of epoch 3",
				FullDisks.noSpaceLeft(Path.of("/data/checkpoints/x.tmp")));
		assertThat(ex.getMessage()).isEqualTo("no space left on /data/checkpoints to write the checkpoint of epoch 3");
		assertThat(StorageFullException.isFullDisk(ex)).isTrue();
	}

}
