package dev.kiln.checkpoints;

import java.nio.file.Path;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * @param dir where checkpoint files live, one folder per job; {@code checkpoints} in
 * Kiln's data folder when not set
 */
@ConfigurationProperties("kiln.checkpoints")
public record CheckpointProperties(Path dir) {

	/**
	 * The checkpoint folder: {@link #dir()}, or {@code checkpoints} in the data folder.
	 */
	public Path resolveDir(Path dataDir) {
		return (this.dir != null) ? this.dir : dataDir.resolve("checkpoints");
	}

}
