package dev.kiln.datasets.internal;

import java.util.ArrayList;
import java.util.List;

import dev.kiln.web.Names;

/**
 * Checks the names of zip entries. Kiln never extracts a zip to disk, but a name that
 * would escape the folder it is extracted to ("zip slip") marks a hostile or broken
 * archive, so the whole upload is refused, naming the entry: names with a {@code ..}
 * segment, absolute names, names starting with a drive letter, and names with backslashes
 * (which some tools take as separators). Empty and {@code .} segments are dropped
 * ({@code ./a//b} is {@code a/b}).
 */
final class ZipEntryPaths {

	private static final int MAX_SHOWN = 200;

	private ZipEntryPaths() {
	}

	/**
	 * The name's folders and file name, normalised.
	 * @throws DatasetFormatException for a name that escapes the archive's folder
	 */
	static List<String> segments(String name) {
		if (name.indexOf('\\') >= 0) {
			throw refused(name, "contains a backslash");
		}
		if (name.startsWith("/")) {
			throw refused(name, "is an absolute path");
		}
		if (name.length() >= 2 && name.charAt(1) == ':' && Character.isLetter(name.charAt(0))) {
			throw refused(name, "starts with a drive letter");
		}
		if (name.indexOf('\0') >= 0) {
			throw refused(name, "contains a NUL character");
		}
		List<String> segments = new ArrayList<>();
		for (String segment : name.split("/", -1)) {
			if (segment.equals("..")) {
				throw refused(name, "climbs out of its folder with '..'");
			}
			if (!segment.isEmpty() && !segment.equals(".")) {
				segments.add(segment);
			}
		}
		return segments;
	}

	/**
	 * An entry's name as messages show it: bounded, one line, no hidden characters (see
	 * {@link Names#shown}).
	 */
	static String shown(String name) {
		String oneLine = Names.shown(name);
		return (oneLine.length() <= MAX_SHOWN) ? oneLine : oneLine.substring(0, MAX_SHOWN) + "...";
	}

	private static DatasetFormatException refused(String name, String why) {
		return new DatasetFormatException(ImagesZipUploadFormat.FILE, 0, null,
				"entry '" + shown(name) + "' " + why + ": its path escapes the archive's folder (zip slip)");
	}

}
