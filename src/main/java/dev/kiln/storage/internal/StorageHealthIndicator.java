package dev.kiln.storage.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.kiln.storage.StorageFolder;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * The {@code storage} health component, part of the readiness group: {@code DOWN} while
 * the disk of one of Kiln's folders has less usable space than the threshold, or cannot
 * be read, so that a node stops taking traffic before its writes start to fail rather
 * than after. The details give each folder's free and total bytes.
 */
class StorageHealthIndicator implements HealthIndicator {

	private final List<StorageFolder> folders;

	private final long minFreeBytes;

	StorageHealthIndicator(List<StorageFolder> folders, long minFreeBytes) {
		this.folders = List.copyOf(folders);
		this.minFreeBytes = minFreeBytes;
	}

	@Override
	public Health health() {
		boolean up = true;
		List<Map<String, Object>> details = new ArrayList<>();
		for (StorageFolder folder : this.folders) {
			Map<String, Object> detail = new LinkedHashMap<>();
			detail.put("name", folder.name());
			detail.put("path", folder.path().toString());
			try {
				var store = Files.getFileStore(nearestExisting(folder.path()));
				long free = store.getUsableSpace();
				detail.put("freeBytes", free);
				detail.put("totalBytes", store.getTotalSpace());
				if (free < this.minFreeBytes) {
					up = false;
					detail.put("error", "less than " + this.minFreeBytes + " bytes free");
				}
			}
			catch (IOException ex) {
				up = false;
				detail.put("error", "the free space cannot be read: " + ex.getMessage());
			}
			details.add(detail);
		}
		return (up ? Health.up() : Health.down()).withDetail("minFreeBytes", this.minFreeBytes)
			.withDetail("folders", details)
			.build();
	}

	/** The folder, or its nearest parent that exists: a folder is made on first write. */
	private static Path nearestExisting(Path path) {
		Path existing = path;
		while (existing != null && !Files.exists(existing)) {
			existing = existing.getParent();
		}
		return (existing != null) ? existing : path;
	}

}
