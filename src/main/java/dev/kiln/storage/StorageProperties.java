package dev.kiln.storage;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * @param minFreeSpace the free space each of Kiln's folders (data, datasets, checkpoints)
 * must have on its disk for the node to be ready; below it the {@code storage} health
 * component is {@code DOWN}. The default leaves room for the largest upload the default
 * limits accept (four 100 MB parts, copied while they are parsed into a dataset file) and
 * for checkpoints written meanwhile.
 */
@ConfigurationProperties("kiln.storage")
public record StorageProperties(@DefaultValue("1GB") DataSize minFreeSpace) {

	public StorageProperties {
		if (minFreeSpace == null || minFreeSpace.isNegative()) {
			throw new IllegalArgumentException("kiln.storage.min-free-space must not be negative");
		}
	}

}
