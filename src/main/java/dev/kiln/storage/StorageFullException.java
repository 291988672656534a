package dev.kiln.storage;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileSystemException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * A write failed because the disk of {@code folder} is full (or the writer's quota is
 * used up). Whoever throws it has removed what the write left behind.
 */
public class StorageFullException extends UncheckedIOException {

	/**
	 * How operating systems word a full disk: ENOSPC and EDQUOT on Linux and macOS, and
	 * ERROR_DISK_FULL on Windows. The JDK reports them only as text.
	 */
	private static final List<String> FULL_DISK_MESSAGES = List.of("no space left on device", "disk quota exceeded",
			"not enough space on the disk");

	private final transient Path folder;

	/**
	 * @param folder the folder written to
	 * @param what what was being written, as it completes "no space left on folder to
	 * write ..."
	 */
	public StorageFullException(Path folder, String what, IOException cause) {
		super("no space left on " + folder + " to write " + what, cause);
		this.folder = folder;
	}

	public Path folder() {
		return this.folder;
	}

	/** Whether {@code ex}, or one of its causes, says that a disk is full. */
	public static boolean isFullDisk(Throwable ex) {
		for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
			if (cause instanceof StorageFullException) {
				return true;
			}
			String message = (cause instanceof FileSystemException fileSystem) ? fileSystem.getReason()
					: (cause instanceof IOException) ? cause.getMessage() : null;
			if (message != null && FULL_DISK_MESSAGES.stream()
				.anyMatch((full) -> message.toLowerCase(Locale.ROOT).contains(full))) {
				return true;
			}
		}
		return false;
	}

}
