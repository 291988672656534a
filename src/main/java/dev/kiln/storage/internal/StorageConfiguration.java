package dev.kiln.storage.internal;

import java.nio.file.Path;
import java.util.List;

import dev.kiln.storage.StorageFolder;
import dev.kiln.storage.StorageProperties;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class StorageConfiguration {

	/** The data folder itself: the H2 database, the admin key, crash dumps. */
	@Bean
	StorageFolder dataFolder(@Value("${kiln.data-dir}") Path dataDir) {
		return new StorageFolder("data", dataDir);
	}

	/**
	 * Named {@code storage} in the health endpoint; see application.yaml's readiness
	 * group.
	 */
	@Bean
	StorageHealthIndicator storageHealthIndicator(List<StorageFolder> folders, StorageProperties properties) {
		return new StorageHealthIndicator(folders, properties.minFreeSpace().toBytes());
	}

}
