package dev.kiln.datasets.internal;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;

import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.MemoryCacheImageInputStream;

import dev.kiln.web.Names;

/**
 * Reads a zip of images in class folders ({@code class_name/*.png}, possibly all under
 * one top-level folder) into rows, one image at a time, straight from the zip file: no
 * entry is extracted to disk, and only one entry is in memory at once. Classes are the
 * folder names in NFC, sorted; a folder name that breaks {@link Names}' standard refuses
 * the upload, naming an entry in it.
 * <p>
 * The archive is not trusted. Refused outright, naming the entry: names that escape the
 * archive's folder, more entries than {@code max-zip-entries}, an entry that inflates to
 * more than {@code max-entry-bytes} or entries that together inflate to more than
 * {@code max-uncompressed-bytes} (counted while inflating, never taken from the headers),
 * nested zips. Skipped and reported: files outside a class folder, hidden and macOS
 * metadata files, unsupported types, images that cannot be decoded or have more than
 * {@code max-image-pixels}. The upload is refused when no image remains, or a class
 * folder ends up without one.
 */
final class ImageZipReader {

	static final Set<String> EXTENSIONS = Set.of("png", "jpg", "jpeg", "gif", "bmp");

	/** The most values an {@link dev.kiln.engine.Examples} array can hold. */
	private static final long MAX_VALUES = Integer.MAX_VALUE - 8;

	private static final String FILE = ImagesZipUploadFormat.FILE;

	/** As long as a CSV label may be. */
	private static final int MAX_CLASS_NAME_LENGTH = CsvDatasetParser.MAX_FIELD_LENGTH;

	private final Limits limits;

	ImageZipReader(Limits limits) {
		this.limits = limits;
	}

	/**
	 * Reads the zip's images into the sink as rows of {@code size}.
	 * @param skipped where entries left out are reported
	 */
	ParsedDataset read(Path zipFile, ImageSize size, RowSink sink, SkippedEntries skipped) throws IOException {
		try (ZipFile zip = open(zipFile)) {
			if (zip.size() > this.limits.maxEntries()) {
				throw new DatasetFormatException(FILE, 0, null,
						"the archive has " + IdxReader.number(zip.size()) + " entries, more than the limit of "
								+ IdxReader.number(this.limits.maxEntries()) + " (kiln.datasets.max-zip-entries)");
			}
			List<Candidate> candidates = candidates(zip, skipped);
			List<String> classes = classes(candidates, skipped);
			return decode(zip, candidates, classes, size, sink, skipped);
		}
	}

	private static ZipFile open(Path file) throws IOException {
		try {
			return new ZipFile(file.toFile(), StandardCharsets.UTF_8);
		}
		catch (ZipException ex) {
			throw new DatasetFormatException(FILE, 0, null, "is not a valid zip archive: " + ex.getMessage());
		}
	}

	/** The file entries, their names checked, metadata files and nested zips aside. */
	private static List<Candidate> candidates(ZipFile zip, SkippedEntries skipped) {
		List<Candidate> candidates = new ArrayList<>();
		Enumeration<? extends ZipEntry> entries = zip.entries();
		while (entries.hasMoreElements()) {
			ZipEntry entry = entries.nextElement();
			List<String> segments = ZipEntryPaths.segments(entry.getName());
			if (entry.isDirectory() || segments.isEmpty()) {
				continue;
			}
			String fileName = segments.get(segments.size() - 1);
			if (segments.get(0).equals("__MACOSX") || segments.stream().anyMatch((s) -> s.startsWith("."))) {
				skipped.add(entry.getName(), "hidden file or macOS metadata");
				continue;
			}
			if (extension(fileName).equals("zip")) {
				throw nested(entry);
			}
			candidates.add(new Candidate(entry, segments));
		}
		return candidates;
	}

	/**
	 * The class folders, sorted. When every file is in the same top-level folder, and
	 * below it in folders of its own, that top-level folder is only a wrapper (as zipping
	 * a folder makes it) and its sub-folders are the classes. Files elsewhere are
	 * skipped.
	 */
	private List<String> classes(List<Candidate> candidates, SkippedEntries skipped) {
		boolean wrapped = !candidates.isEmpty()
				&& candidates.stream().allMatch((c) -> c.segments.get(0).equals(candidates.get(0).segments.get(0)))
				&& candidates.stream().anyMatch((c) -> c.segments.size() >= 3);
		Set<String> classes = new TreeSet<>();
		for (Candidate candidate : candidates) {
			List<String> path = wrapped ? candidate.segments.subList(1, candidate.segments.size()) : candidate.segments;
			if (path.size() == 2) {
				String folder = path.get(0);
				Names.problem(folder, MAX_CLASS_NAME_LENGTH).ifPresent((reason) -> {
					throw new DatasetFormatException(FILE, 0, null, "entry '"
							+ ZipEntryPaths.shown(candidate.entry.getName()) + "': the class folder's name " + reason);
				});
				candidate.className = Names.nfc(folder);
				classes.add(candidate.className);
			}
			else {
				skipped.add(candidate.entry.getName(), "not directly inside a class folder");
			}
		}
		if (classes.size() < 2) {
			throw new DatasetFormatException(FILE, 0, null,
					"the archive has " + classes.size() + " class folder(s) " + classes
							+ ": classification needs at least two, each holding its images (class_name/*.png, "
							+ "possibly under one top-level folder)");
		}
		if (classes.size() > this.limits.maxClasses()) {
			throw new DatasetFormatException(FILE, 0, null,
					"the archive has " + classes.size() + " class folders, more than the limit of "
							+ this.limits.maxClasses() + " (kiln.datasets.max-classes)");
		}
		return List.copyOf(classes);
	}

	private ParsedDataset decode(ZipFile zip, List<Candidate> candidates, List<String> classes, ImageSize size,
			RowSink sink, SkippedEntries skipped) throws IOException {
		float[] row = new float[size.features()];
		Map<String, Integer> classIndex = new HashMap<>();
		classes.forEach((name) -> classIndex.put(name, classIndex.size()));
		int[] perClass = new int[classes.size()];
		IntList labels = new IntList();
		long[] inflated = { 0 };
		for (Candidate candidate : candidates) {
			if (candidate.className == null) {
				continue;
			}
			String name = candidate.entry.getName();
			String extension = extension(candidate.segments.get(candidate.segments.size() - 1));
			if (!EXTENSIONS.contains(extension)) {
				skipped.add(name, extension.isEmpty() ? "has no file extension; expected png, jpg, jpeg, gif or bmp"
						: "unsupported file type '." + extension + "'; expected png, jpg, jpeg, gif or bmp");
				continue;
			}
			byte[] bytes = inflate(zip, candidate.entry, inflated);
			if (bytes.length >= 4 && bytes[0] == 'P' && bytes[1] == 'K' && bytes[2] == 3 && bytes[3] == 4) {
				throw nested(candidate.entry);
			}
			BufferedImage image;
			try {
				image = decode(bytes);
			}
			catch (Skip ex) {
				skipped.add(name, ex.getMessage());
				continue;
			}
			if ((long) (labels.size() + 1) > this.limits.maxRows()
					|| (long) (labels.size() + 1) * size.features() > MAX_VALUES) {
				throw new DatasetFormatException(FILE, 0, null,
						"the archive holds more than " + IdxReader.number(labels.size())
								+ " images, the most a dataset may have " + "(kiln.datasets.max-rows)");
			}
			ImagePixels.toRow(image, size.height(), size.width(), size.channels(), row);
			sink.accept(row);
			int label = classIndex.get(candidate.className);
			labels.add(label);
			perClass[label]++;
		}
		if (labels.size() == 0) {
			throw new DatasetFormatException(FILE, 0, null,
					"the archive holds no image that could be decoded" + describe(skipped));
		}
		for (int c = 0; c < classes.size(); c++) {
			if (perClass[c] == 0) {
				throw new DatasetFormatException(FILE, 0, null, "class folder '" + ZipEntryPaths.shown(classes.get(c))
						+ "' holds no image that could be decoded" + describe(skipped));
			}
		}
		List<String> featureNames = new ArrayList<>(size.features());
		for (int i = 0; i < size.features(); i++) {
			featureNames.add("p" + i);
		}
		return new ParsedDataset(List.copyOf(featureNames), List.of(size.height(), size.width(), size.channels()),
				classes, labels.toArray());
	}

	/**
	 * An entry's bytes, counted against the per-entry and whole-archive limits as they
	 * are inflated: the sizes in the zip's headers may lie.
	 */
	private byte[] inflate(ZipFile zip, ZipEntry entry, long[] inflated) throws IOException {
		ByteArrayOutputStream out = new ByteArrayOutputStream((int) Math.min(Math.max(entry.getSize(), 8192), 1 << 20));
		byte[] buffer = new byte[1 << 16];
		long size = 0;
		try (InputStream in = zip.getInputStream(entry)) {
			int n;
			while ((n = in.read(buffer)) >= 0) {
				size += n;
				inflated[0] += n;
				if (size > this.limits.maxEntryBytes()) {
					throw new DatasetFormatException(FILE, 0, null,
							"entry '" + ZipEntryPaths.shown(entry.getName()) + "' inflates to more than "
									+ IdxReader.number(this.limits.maxEntryBytes())
									+ " bytes (kiln.datasets.max-entry-bytes)");
				}
				if (inflated[0] > this.limits.maxUncompressedBytes()) {
					throw new DatasetFormatException(FILE, 0, null,
							"the archive inflates to more than " + IdxReader.number(this.limits.maxUncompressedBytes())
									+ " bytes (kiln.datasets.max-uncompressed-bytes), reached at entry '"
									+ ZipEntryPaths.shown(entry.getName()) + "'");
				}
				out.write(buffer, 0, n);
			}
		}
		catch (ZipException ex) {
			throw new DatasetFormatException(FILE, 0, null,
					"entry '" + ZipEntryPaths.shown(entry.getName()) + "' is damaged: " + ex.getMessage());
		}
		return out.toByteArray();
	}

	/**
	 * Decodes an image held in memory, checking its size from its header before decoding
	 * its pixels. ImageIO's default disk cache is bypassed: the bytes are in memory.
	 */
	private BufferedImage decode(byte[] bytes) throws Skip {
		try (ImageInputStream in = new MemoryCacheImageInputStream(new ByteArrayInputStream(bytes))) {
			Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
			if (!readers.hasNext()) {
				throw new Skip("not an image javax.imageio can decode");
			}
			ImageReader reader = readers.next();
			try {
				reader.setInput(in, true, true);
				long pixels = (long) reader.getWidth(0) * reader.getHeight(0);
				if (pixels > this.limits.maxImagePixels()) {
					throw new Skip(reader.getWidth(0) + "x" + reader.getHeight(0) + " pixels, more than the limit of "
							+ IdxReader.number(this.limits.maxImagePixels()) + " (kiln.datasets.max-image-pixels)");
				}
				BufferedImage image = reader.read(0);
				if (image == null) {
					throw new Skip("cannot be decoded as an image");
				}
				return image;
			}
			finally {
				reader.dispose();
			}
		}
		catch (IOException | RuntimeException ex) {
			// ImageIO reports damaged files with IOExceptions and with all kinds of
			// runtime exceptions from its decoders
			throw new Skip("cannot be decoded as " + formatOf(bytes) + ": " + ex.getMessage());
		}
	}

	private static String formatOf(byte[] bytes) {
		try (ImageInputStream in = new MemoryCacheImageInputStream(new ByteArrayInputStream(bytes))) {
			Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
			return readers.hasNext() ? "a " + readers.next().getFormatName().toUpperCase(Locale.ROOT) + " image"
					: "an image";
		}
		catch (IOException ex) {
			return "an image";
		}
	}

	private static DatasetFormatException nested(ZipEntry entry) {
		return new DatasetFormatException(FILE, 0, null, "entry '" + ZipEntryPaths.shown(entry.getName())
				+ "' is a zip archive: nested archives are not accepted");
	}

	private static String extension(String fileName) {
		int dot = fileName.lastIndexOf('.');
		return (dot > 0) ? fileName.substring(dot + 1).toLowerCase(Locale.ROOT) : "";
	}

	private static String describe(SkippedEntries skipped) {
		List<String> shown = skipped.listed()
			.stream()
			.limit(5)
			.map((entry) -> "'" + entry.entry() + "': " + entry.reason())
			.toList();
		return shown.isEmpty() ? "" : "; skipped " + String.join("; ", shown) + ((skipped.count() > 5) ? "; ..." : "");
	}

	/** What the reader may accept. */
	record Limits(int maxRows, int maxClasses, int maxEntries, long maxEntryBytes, long maxUncompressedBytes,
			long maxImagePixels) {
	}

	/** The size and channels every image is brought to. */
	record ImageSize(int height, int width, int channels) {

		int features() {
			return this.height * this.width * this.channels;
		}

	}

	/** A file entry and its path, with its class once known. */
	private static final class Candidate {

		final ZipEntry entry;

		final List<String> segments;

		String className;

		Candidate(ZipEntry entry, List<String> segments) {
			this.entry = entry;
			this.segments = segments;
		}

	}

	/** An entry left out, and why. */
	private static final class Skip extends Exception {

		Skip(String reason) {
			super(reason, null, false, false);
		}

	}

}
