package dev.kiln.datasets.internal;

import java.nio.file.Path;

import dev.kiln.storage.StorageFolder;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class DatasetConfiguration {

	@Bean
	BinaryDatasetStore binaryDatasetStore(DatasetProperties properties,
			@Value("${kiln.data-dir:./data}") Path dataDir) {
		return new BinaryDatasetStore(properties.resolveDir(dataDir).toAbsolutePath().normalize());
	}

	/** Watched by the storage health component. */
	@Bean
	StorageFolder datasetFolder(BinaryDatasetStore store) {
		return new StorageFolder("datasets", store.dir());
	}

	@Bean
	CsvDatasetParser csvDatasetParser(DatasetProperties properties) {
		return new CsvDatasetParser(properties.maxRows(), properties.maxFeatures(), properties.maxClasses());
	}

	@Bean
	StratifiedSplitter stratifiedSplitter() {
		return new StratifiedSplitter();
	}

}
