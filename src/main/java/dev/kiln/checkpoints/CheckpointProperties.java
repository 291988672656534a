package dev.kiln.checkpoints;

import java.nio.file.Path;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param dir where checkpoint files live, one folder per job
 */
@ConfigurationProperties("kiln.checkpoints")
public record CheckpointProperties(@DefaultValue("${kiln.data-dir}/checkpoints") Path dir) {
}
