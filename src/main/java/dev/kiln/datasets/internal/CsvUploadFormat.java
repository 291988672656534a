package dev.kiln.datasets.internal;

import java.io.FilterReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import dev.kiln.web.InvalidField;
import dev.kiln.web.Names;

import org.springframework.stereotype.Component;

/**
 * {@code format=csv} (the default): one part, {@code file}, a UTF-8 CSV file with a
 * header row; fields {@code labelColumn} (required), {@code shape} and {@code oneHot}
 * (comma-separated columns to encode one-hot). With {@code oneHot} the file is read
 * twice: once for the distinct values of those columns, once for the rows.
 */
@Component
class CsvUploadFormat implements UploadFormat {

	static final String NAME = "csv";

	static final String FILE = "file";

	static final String LABEL_COLUMN = "labelColumn";

	static final String SHAPE = "shape";

	private final CsvDatasetParser parser;

	private final int maxFeatures;

	CsvUploadFormat(CsvDatasetParser parser, DatasetProperties properties) {
		this.parser = parser;
		this.maxFeatures = properties.maxFeatures();
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
		return List.of(LABEL_COLUMN, SHAPE, OneHotEncoding.FIELD);
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
		List<String> oneHot = List.of();
		String oneHotField = request.field(OneHotEncoding.FIELD);
		if (oneHotField != null) {
			try {
				oneHot = OneHotEncoding.parseColumns(oneHotField);
			}
			catch (IllegalArgumentException ex) {
				errors.add(new InvalidField(OneHotEncoding.FIELD, ex.getMessage()));
			}
		}
		if (!request.hasPart(FILE)) {
			errors.add(new InvalidField(FILE, "is required: a CSV file with a header row"));
		}
		String label = (labelColumn != null) ? labelColumn.strip() : null;
		if (label != null) {
			Names.problem(label, CsvDatasetParser.MAX_FIELD_LENGTH)
				.ifPresent((reason) -> errors.add(new InvalidField(LABEL_COLUMN, reason)));
			label = Names.nfc(label);
		}
		String labelName = label;
		List<Integer> featureShape = shape;
		List<String> oneHotColumns = oneHot;
		return (parts, sink) -> {
			OneHotEncoding encoding = OneHotEncoding.none();
			if (!oneHotColumns.isEmpty()) {
				try (Reader reader = open(parts)) {
					encoding = OneHotEncoding.scan(reader, oneHotColumns, labelName, this.maxFeatures,
							CsvDatasetParser.MAX_FIELD_LENGTH);
				}
			}
			try (Reader reader = open(parts)) {
				return this.parser.parse(reader, labelName, featureShape, encoding, sink);
			}
		};
	}

	/** The file as UTF-8 text; malformed input is refused rather than replaced. */
	private static Reader open(StagedUpload parts) throws IOException {
		InputStream in = parts.open(FILE);
		return new Utf8Reader(new InputStreamReader(in, StandardCharsets.UTF_8.newDecoder()));
	}

	/** Reports text that is not UTF-8 as a refusal of the file. */
	private static final class Utf8Reader extends FilterReader {

		Utf8Reader(Reader in) {
			super(in);
		}

		@Override
		public int read(char[] buffer, int offset, int length) throws IOException {
			try {
				return super.read(buffer, offset, length);
			}
			catch (CharacterCodingException ex) {
				throw new DatasetFormatException(FILE, 0, null, "is not UTF-8 text");
			}
		}

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
