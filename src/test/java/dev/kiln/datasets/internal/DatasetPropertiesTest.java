package dev.kiln.datasets.internal;

import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;

import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.util.unit.DataSize;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class DatasetPropertiesTest {

	@Test
	void hasDefaultsForEveryLimit() {
		DatasetProperties properties = bind(Map.of());
		assertThat(properties.dir()).isNull();
		assertThat(properties.resolveDir(Path.of("data"))).isEqualTo(Path.of("data", "datasets"));
		assertThat(properties.maxUploadBytes()).isEqualTo(DataSize.ofMegabytes(100));
		assertThat(properties.maxRows()).isEqualTo(1_000_000);
		assertThat(properties.maxFeatures()).isEqualTo(65_536);
		assertThat(properties.maxClasses()).isEqualTo(1000);
		assertThat(properties.maxUncompressedBytes()).isEqualTo(DataSize.ofGigabytes(2));
		assertThat(properties.maxZipEntries()).isEqualTo(200_000);
		assertThat(properties.maxEntryBytes()).isEqualTo(DataSize.ofMegabytes(64));
		assertThat(properties.maxImagePixels()).isEqualTo(25_000_000);
	}

	@Test
	void bindsEachLimit() {
		DatasetProperties properties = bind(Map.of("kiln.datasets.max-upload-bytes", "1GB",
				"kiln.datasets.max-zip-entries", "10", "kiln.datasets.max-entry-bytes", "1MB",
				"kiln.datasets.max-uncompressed-bytes", "10MB", "kiln.datasets.max-image-pixels", "100"));
		assertThat(properties.maxUploadBytes()).isEqualTo(DataSize.ofGigabytes(1));
		assertThat(properties.maxZipEntries()).isEqualTo(10);
		assertThat(properties.maxEntryBytes()).isEqualTo(DataSize.ofMegabytes(1));
		assertThat(properties.maxUncompressedBytes()).isEqualTo(DataSize.ofMegabytes(10));
		assertThat(properties.maxImagePixels()).isEqualTo(100);
	}

	@Test
	void refusesLimitsThatCannotWork() {
		assertThatExceptionOfType(BindException.class)
			.isThrownBy(() -> bind(Map.of("kiln.datasets.max-zip-entries", "0")));
		assertThatExceptionOfType(BindException.class)
			.isThrownBy(() -> bind(Map.of("kiln.datasets.max-entry-bytes", "3GB")));
		assertThatExceptionOfType(BindException.class).isThrownBy(() -> bind(Map.of("kiln.datasets.max-classes", "1")));
	}

	private static DatasetProperties bind(Map<String, String> properties) {
		return new Binder(new MapConfigurationPropertySource(properties)).bindOrCreate("kiln.datasets",
				DatasetProperties.class);
	}

}
