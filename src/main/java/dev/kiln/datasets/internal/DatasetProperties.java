package dev.kiln.datasets.internal;

import java.nio.file.Path;
import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * Settings of the dataset registry.
 *
 * @param dir where the binary dataset files live; {@code ${kiln.data-dir}/datasets} when
 * not set
 * @param maxUploadBytes the largest file part accepted (each part of a multi-part upload)
 * @param maxRows the most rows a dataset may have, a fixed test set included
 * @param maxFeatures the most features a row may have
 * @param maxClasses the most classes a dataset may have
 * @param maxUncompressedBytes the most bytes a compressed upload may inflate to: a zip's
 * entries together (counted while inflating), or the content a gzipped IDX file announces
 * @param maxZipEntries the most entries a zip may have, folders included
 * @param maxEntryBytes the most bytes one zip entry may inflate to
 * @param maxImagePixels the most pixels (width x height) an image in a zip may have
 * before it is resized; larger ones are skipped without being decoded
 * @param leftoverAge how long a temporary file, or a dataset file no dataset row names,
 * must have been left unmodified before start-up removes it as a leftover: on storage
 * several nodes share, a younger one may be another node's upload in progress
 */
@ConfigurationProperties("kiln.datasets")
public record DatasetProperties(Path dir, @DefaultValue("100MB") DataSize maxUploadBytes,
		@DefaultValue("1000000") int maxRows, @DefaultValue("65536") int maxFeatures,
		@DefaultValue("1000") int maxClasses, @DefaultValue("2GB") DataSize maxUncompressedBytes,
		@DefaultValue("200000") int maxZipEntries, @DefaultValue("64MB") DataSize maxEntryBytes,
		@DefaultValue("25000000") long maxImagePixels, @DefaultValue("1h") Duration leftoverAge) {

	public DatasetProperties {
		if (maxUploadBytes.toBytes() <= 0 || maxRows <= 0 || maxFeatures <= 0 || maxClasses < 2
				|| maxUncompressedBytes.toBytes() <= 0 || maxZipEntries <= 0 || maxEntryBytes.toBytes() <= 0
				|| maxEntryBytes.toBytes() > Integer.MAX_VALUE - 8 || maxImagePixels <= 0 || leftoverAge == null
				|| leftoverAge.isNegative()) {
			throw new IllegalArgumentException("kiln.datasets: max-upload-bytes, max-rows, max-features, "
					+ "max-uncompressed-bytes, max-zip-entries, max-entry-bytes (below 2GB) and max-image-pixels "
					+ "must be positive, max-classes at least 2, leftover-age not negative");
		}
	}

	/** The dataset folder: {@link #dir()} or {@code datasets} in Kiln's data folder. */
	Path resolveDir(Path dataDir) {
		return (this.dir != null) ? this.dir : dataDir.resolve("datasets");
	}

}
