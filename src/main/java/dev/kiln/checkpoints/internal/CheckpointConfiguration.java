package dev.kiln.checkpoints.internal;

import java.nio.file.Path;

import dev.kiln.checkpoints.CheckpointProperties;
import dev.kiln.storage.StorageFolder;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class CheckpointConfiguration {

	/** Watched by the storage health component. */
	@Bean
	StorageFolder checkpointFolder(CheckpointProperties properties, @Value("${kiln.data-dir}") Path dataDir) {
		return new StorageFolder("checkpoints", properties.resolveDir(dataDir));
	}

}
