package dev.kiln.storage;

import java.nio.file.Path;

/**
 * A folder Kiln writes to, declared as a bean by the module that owns it, so that the
 * {@code storage} health component watches the free space of its disk.
 *
 * @param name what the folder holds, shown in the health details
 * @param path the folder; it need not exist yet (the disk of its nearest existing parent
 * is watched)
 */
public record StorageFolder(String name, Path path) {

	public StorageFolder {
		path = path.toAbsolutePath().normalize();
	}

}
