package dev.kiln.datasets.internal;

import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import dev.kiln.web.InvalidField;

import org.springframework.stereotype.Component;

/**
 * {@code format=csv} (the default): one part, {@code file}, a UTF-8 CSV file with a
 * header row; fields {@code labelColumn} (required) and {@code shape}.
 */
@Component
class CsvUploadFormat implements UploadFormat {

	static final String NAME = "csv";

	static final String FILE = "file";

	static final String LABEL_COLUMN = "labelColumn";

	static final String SHAPE = "shape";

	private final CsvDatasetParser parser;

	CsvUploadFormat(CsvDatasetParser parser) {
		this.parser = parser;
	}

	@Override
	public String name() {
		return NAME;
	}

	@Override
	public List<String> parts() {
		return List.of(FILE);
	}

	@Override
	public List<String> fields() {
		return List.of(LABEL_COLUMN, SHAPE);
	}

	@Override
	public PartsReader prepare(UploadRequest request, List<InvalidField> errors) {
		String labelColumn = request.field(LABEL_COLUMN);
		if (labelColumn == null) {
			errors.add(new InvalidField(LABEL_COLUMN, "is required: the name of the column holding the labels"));
		}
		List<Integer> shape = null;
		String shapeField = request.field(SHAPE);
		if (shapeField != null) {
			try {
				shape = parseShape(shapeField);
			}
			catch (IllegalArgumentException ex) {
				errors.add(new InvalidField(SHAPE, ex.getMessage()));
			}
		}
		if (!request.hasPart(FILE)) {
			errors.add(new InvalidField(FILE, "is required: a CSV file with a header row"));
		}
		String label = (labelColumn != null) ? labelColumn.strip() : null;
		List<Integer> featureShape = shape;
		return (parts, sink) -> {
			try (InputStream in = parts.open(FILE);
					Reader reader = new InputStreamReader(in, StandardCharsets.UTF_8.newDecoder())) {
				return this.parser.parse(reader, label, featureShape, sink);
			}
			catch (CharacterCodingException ex) {
				throw new DatasetFormatException(FILE, 0, null, "is not UTF-8 text");
			}
		};
	}

	/** Reads a shape such as {@code 8,8,1}, {@code 13} or {@code [28, 28, 1]}. */
	static List<Integer> parseShape(String shape) {
		String text = shape.strip();
		if (text.startsWith("[") && text.endsWith("]")) {
			text = text.substring(1, text.length() - 1);
		}
		String[] parts = text.split(",", -1);
		if (parts.length != 1 && parts.length != 3) {
			throw new IllegalArgumentException(
					"must be [features] or [height, width, channels], e.g. 8,8,1; got '" + shape.strip() + "'");
		}
		List<Integer> dimensions = new ArrayList<>();
		for (String part : parts) {
			try {
				int dimension = Integer.parseInt(part.strip());
				if (dimension <= 0) {
					throw new NumberFormatException();
				}
				dimensions.add(dimension);
			}
			catch (NumberFormatException ex) {
				throw new IllegalArgumentException(
						"dimensions must be positive integers separated by commas, e.g. 8,8,1; got '" + shape.strip()
								+ "'");
			}
		}
		return List.copyOf(dimensions);
	}

}
