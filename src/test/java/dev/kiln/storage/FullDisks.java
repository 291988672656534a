package dev.kiln.storage;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Files on a disk that fills up after a given number of bytes, for tests that cannot
 * mount a small file system: writes beyond it fail as Linux reports ENOSPC.
 */
public final class FullDisks {

	private FullDisks() {
	}

	/** The exception the JDK throws for ENOSPC on a file it names. */
	public static FileSystemException noSpaceLeft(Path file) {
		return new FileSystemException(file.toString(), null, "No space left on device");
	}

	/**
	 * A stream to {@code file} that writes its first {@code capacity} bytes and then
	 * fails.
	 */
	public static OutputStream fillingUp(Path file, long capacity) throws IOException {
		return new FilterOutputStream(Files.newOutputStream(file)) {

			private long written;

			@Override
			public void write(int b) throws IOException {
				write(new byte[] { (byte) b }, 0, 1);
			}

			@Override
			public void write(byte[] bytes, int offset, int length) throws IOException {
				int fits = (int) Math.max(0, Math.min(length, capacity - this.written));
				this.out.write(bytes, offset, fits);
				this.written += fits;
				if (fits < length) {
					throw noSpaceLeft(file);
				}
			}

		};
	}

}
