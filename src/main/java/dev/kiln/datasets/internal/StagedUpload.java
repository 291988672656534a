package dev.kiln.datasets.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.kiln.storage.StorageFullException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.core.io.InputStreamSource;

/**
 * An upload's parts copied to temporary files in the dataset folder, so that a format may
 * read them more than once (or randomly, for zips) without holding them in memory. One
 * SHA-256 is computed over the parts' bytes as uploaded, in the format's fixed part
 * order, as if they were concatenated: {@code cat images labels testImages testLabels |
 * sha256sum} gives the same digest. Closing deletes the files.
 */
final class StagedUpload implements AutoCloseable {

	static final String PREFIX = ".upload-";

	static final String SUFFIX = ".part.tmp";

	private static final Logger log = LoggerFactory.getLogger(StagedUpload.class);

	private final Map<String, Path> files = new LinkedHashMap<>();

	private String sha256;

	private long size;

	private StagedUpload() {
	}

	/**
	 * Copies the parts present, in {@code order}, to temporary files in {@code dir}.
	 * @param maxPartBytes the largest part accepted
	 * @throws UploadTooLargeException naming the first part over the limit; nothing is
	 * left behind
	 */
	static StagedUpload stage(Path dir, List<String> order, Map<String, InputStreamSource> parts, long maxPartBytes)
			throws IOException {
		StagedUpload staged = new StagedUpload();
		try {
			Files.createDirectories(dir);
			MessageDigest digest = newDigest();
			for (String name : order) {
				InputStreamSource part = parts.get(name);
				if (part == null) {
					continue;
				}
				Path file = Files.createTempFile(dir, PREFIX, SUFFIX);
				staged.files.put(name, file);
				staged.size += copy(part, file, digest, name, maxPartBytes);
			}
			staged.sha256 = HexFormat.of().formatHex(digest.digest());
			return staged;
		}
		catch (IOException ex) {
			staged.close();
			if (StorageFullException.isFullDisk(ex)) {
				throw new StorageFullException(dir, "the upload's parts", ex);
			}
			throw ex;
		}
		catch (RuntimeException | Error ex) {
			staged.close();
			throw ex;
		}
	}

	boolean has(String part) {
		return this.files.containsKey(part);
	}

	/** A part's file. */
	Path path(String part) {
		Path file = this.files.get(part);
		if (file == null) {
			throw new IllegalArgumentException("no part '" + part + "' was uploaded");
		}
		return file;
	}

	/** A part's bytes as uploaded. */
	InputStream open(String part) throws IOException {
		return Files.newInputStream(path(part));
	}

	/** A part's content: its bytes, decompressed if they are gzipped. */
	InputStream openDecompressed(String part) throws IOException {
		return GzipDetection.open(open(part), part);
	}

	/** The SHA-256 of every part, in order, as uploaded. */
	String sha256() {
		return this.sha256;
	}

	/** The bytes of every part, as uploaded. */
	long size() {
		return this.size;
	}

	@Override
	public void close() {
		for (Path file : this.files.values()) {
			try {
				Files.deleteIfExists(file);
			}
			catch (IOException ex) {
				log.warn("Cannot delete {}: {}", file, ex.getMessage());
			}
		}
	}

	private static long copy(InputStreamSource part, Path target, MessageDigest digest, String name, long maxBytes)
			throws IOException {
		long size = 0;
		byte[] buffer = new byte[1 << 16];
		try (InputStream in = part.getInputStream(); OutputStream out = Files.newOutputStream(target)) {
			int n;
			while ((n = in.read(buffer)) >= 0) {
				size += n;
				if (size > maxBytes) {
					throw new UploadTooLargeException(name, maxBytes);
				}
				digest.update(buffer, 0, n);
				out.write(buffer, 0, n);
			}
		}
		return size;
	}

	private static MessageDigest newDigest() {
		try {
			return MessageDigest.getInstance("SHA-256");
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
