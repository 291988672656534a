package dev.kiln.datasets.internal;

import java.util.ArrayList;
import java.util.List;

import io.swagger.v3.oas.annotations.media.Schema;

/**
 * The entries of an upload that were left out, and why: every one is counted, the first
 * {@value #MAX_LISTED} are listed so that a response stays small.
 */
final class SkippedEntries {

	static final int MAX_LISTED = 100;

	private final List<Entry> listed = new ArrayList<>();

	private int count;

	void add(String entry, String reason) {
		this.count++;
		if (this.listed.size() < MAX_LISTED) {
			this.listed.add(new Entry(ZipEntryPaths.shown(entry), reason));
		}
	}

	List<Entry> listed() {
		return List.copyOf(this.listed);
	}

	int count() {
		return this.count;
	}

	/** One entry left out. */
	@Schema(name = "SkippedEntry", description = "An archive entry left out of the dataset")
	record Entry(@Schema(description = "Its path in the archive", example = "shirts/notes.txt") String entry,
			@Schema(description = "Why it was left out",
					example = "unsupported file type '.txt'; expected png, jpg, jpeg, gif or bmp") String reason) {
	}

}
