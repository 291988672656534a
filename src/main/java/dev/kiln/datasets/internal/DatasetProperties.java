package dev.kiln.datasets.internal;

import java.nio.file.Path;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * Settings of the dataset registry.
 *
 * @param dir where the binary dataset files live; {@code ${kiln.data-dir}/datasets} when
 * not set
 * @param maxUploadBytes the largest CSV file accepted
 * @param maxRows the most data rows a dataset may have
 * @param maxFeatures the most feature columns a dataset may have
 * @param maxClasses the most distinct labels a dataset may have
 */
@ConfigurationProperties("kiln.datasets")
public record DatasetProperties(Path dir, @DefaultValue("100MB") DataSize maxUploadBytes,
		@DefaultValue("1000000") int maxRows, @DefaultValue("65536") int maxFeatures,
		@DefaultValue("1000") int maxClasses) {

	public DatasetProperties {
		if (maxUploadBytes.toBytes() <= 0 || maxRows <= 0 || maxFeatures <= 0 || maxClasses < 2) {
			throw new IllegalArgumentException(
					"kiln.datasets: max-upload-bytes, max-rows and max-features must be positive, max-classes at least 2");
		}
	}

	/** The dataset folder: {@link #dir()} or {@code datasets} in Kiln's data folder. */
	Path resolveDir(Path dataDir) {
		return (this.dir != null) ? this.dir : dataDir.resolve("datasets");
	}

}
