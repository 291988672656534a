package dev.kiln.datasets.internal;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.core.io.InputStreamSource;

/**
 * A dataset upload as the registry sees it, away from HTTP: the text fields and the file
 * parts of a multipart request, each name with every value it was given.
 */
record UploadRequest(Map<String, List<String>> fields, Map<String, List<InputStreamSource>> parts) {

	UploadRequest {
		fields = Map.copyOf(fields);
		parts = Map.copyOf(parts);
	}

	/** A request with these fields and parts, each given once. */
	static UploadRequest of(Map<String, String> fields, Map<String, InputStreamSource> parts) {
		Map<String, List<String>> fieldValues = new LinkedHashMap<>();
		fields.forEach((name, value) -> {
			if (value != null) {
				fieldValues.put(name, List.of(value));
			}
		});
		Map<String, List<InputStreamSource>> partValues = new LinkedHashMap<>();
		parts.forEach((name, part) -> partValues.put(name, List.of(part)));
		return new UploadRequest(fieldValues, partValues);
	}

	/** A field's value, or null if it was not given (or given blank). */
	String field(String name) {
		List<String> values = this.fields.get(name);
		if (values == null || values.isEmpty() || values.get(0) == null || values.get(0).isBlank()) {
			return null;
		}
		return values.get(0);
	}

	/** Whether a part was sent. */
	boolean hasPart(String name) {
		List<InputStreamSource> values = this.parts.get(name);
		return values != null && !values.isEmpty();
	}

	/** The parts sent, each name with its first file. */
	Map<String, InputStreamSource> firstParts() {
		Map<String, InputStreamSource> first = new LinkedHashMap<>();
		this.parts.forEach((name, values) -> {
			if (!values.isEmpty()) {
				first.put(name, values.get(0));
			}
		});
		return first;
	}

}
