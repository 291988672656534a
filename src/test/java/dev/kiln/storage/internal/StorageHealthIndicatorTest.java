package dev.kiln.storage.internal;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import dev.kiln.storage.StorageFolder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;

import static org.assertj.core.api.Assertions.assertThat;

class StorageHealthIndicatorTest {

	@TempDir
	Path dir;

	@Test
	void upWhileEveryFolderHasTheFreeSpaceAskedForWithEachFoldersFigures() throws Exception {
		long free = Files.getFileStore(this.dir).getUsableSpace();
		Health health = new StorageHealthIndicator(List.of(new StorageFolder("data", this.dir),
				// made on first write: its parent's disk is the one it will use
				new StorageFolder("checkpoints", this.dir.resolve("not/yet/made"))), free / 2)
			.health();
		assertThat(health.getStatus()).isEqualTo(Status.UP);
		assertThat(health.getDetails()).containsEntry("minFreeBytes", free / 2);
		List<?> folders = (List<?>) health.getDetails().get("folders");
		assertThat(folders).hasSize(2);
		Map<?, ?> checkpoints = (Map<?, ?>) folders.get(1);
		assertThat(checkpoints.get("name")).isEqualTo("checkpoints");
		assertThat(checkpoints.get("path")).isEqualTo(this.dir.resolve("not/yet/made").toString());
		assertThat((Long) checkpoints.get("freeBytes")).isPositive();
		assertThat((Long) checkpoints.get("totalBytes")).isGreaterThanOrEqualTo((Long) checkpoints.get("freeBytes"));
		assertThat(checkpoints.containsKey("error")).isFalse();
	}

	@Test
	void downAsSoonAsOneFolderHasLessFreeSpaceThanTheThreshold() throws Exception {
		long free = Files.getFileStore(this.dir).getUsableSpace();
		Health health = new StorageHealthIndicator(List.of(new StorageFolder("datasets", this.dir)), free * 2).health();
		assertThat(health.getStatus()).isEqualTo(Status.DOWN);
		Map<?, ?> datasets = (Map<?, ?>) ((List<?>) health.getDetails().get("folders")).get(0);
		assertThat(datasets.get("error")).isEqualTo("less than " + (free * 2) + " bytes free");
	}

}
