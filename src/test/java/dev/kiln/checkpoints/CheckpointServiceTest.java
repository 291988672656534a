package dev.kiln.checkpoints;

import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;

import dev.kiln.storage.FullDisks;
import dev.kiln.storage.StorageFullException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Staging a checkpoint file on a disk that fills up while it is written. (Rows are out of
 * the picture: a checkpoint is recorded only after its file is staged, and staging
 * touches neither the rows nor the meters.)
 */
class CheckpointServiceTest {

	@TempDir
	Path dataDir;

	@Test
	void aCheckpointThatDoesNotFitLeavesNoFileAndTheEarlierOnesAsTheyWere() throws Exception {
		Path root = this.dataDir.resolve("checkpoints");
		CheckpointService checkpoints = new CheckpointService(null, new CheckpointProperties(root), this.dataDir,
				Clock.systemUTC(), null);
		UUID jobId = UUID.randomUUID();
		Path folder = root.resolve(jobId.toString());
		Files.createDirectories(folder);
		Path earlier = Files.write(folder.resolve("epoch-1-" + UUID.randomUUID() + ".zip"), new byte[4096]);

		assertThatExceptionOfType(StorageFullException.class).isThrownBy(() -> checkpoints.stage(jobId, 2, (path) -> {
			try (OutputStream out = FullDisks.fillingUp(path, 10_000)) {
				out.write(new byte[50_000]);
			}
		}))
			.withMessage("no space left on " + root + " to write the checkpoint of epoch 2")
			.withCauseInstanceOf(java.nio.file.FileSystemException.class);

		try (Stream<Path> files = Files.list(folder)) {
			assertThat(files.toList()).as("no temporary or partial file is left").isEqualTo(List.of(earlier));
		}
		assertThat(Files.size(earlier)).isEqualTo(4096);
	}

}
