package dev.kiln.datasets.internal;

import java.io.IOException;
import java.io.Reader;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import dev.kiln.web.Names;

/**
 * One-hot encoding of categorical CSV columns: each listed column becomes one feature per
 * distinct value, 1 for the row's value and 0 for the others, named {@code column=value}.
 * Values are compared as text (stripped, in NFC); they are sorted numerically when every
 * value of the column is a number, as text otherwise. The distinct values are found by a
 * first pass over the file ({@link #scan}), so that the second pass knows every feature
 * before it writes the first row.
 */
final class OneHotEncoding {

	static final String FIELD = "oneHot";

	private static final OneHotEncoding NONE = new OneHotEncoding(Map.of());

	/** Each encoded column's values, sorted: value i is feature i of the column. */
	private final Map<String, List<String>> values;

	private final Map<String, Map<String, Integer>> indices = new HashMap<>();

	private OneHotEncoding(Map<String, List<String>> values) {
		this.values = values;
		values.forEach((column, columnValues) -> {
			Map<String, Integer> index = new HashMap<>();
			columnValues.forEach((value) -> index.put(value, index.size()));
			this.indices.put(column, index);
		});
	}

	static OneHotEncoding none() {
		return NONE;
	}

	/** The encoded columns, in the order they were listed. */
	List<String> columns() {
		return List.copyOf(this.values.keySet());
	}

	boolean encodes(String column) {
		return this.values.containsKey(column);
	}

	/** A column's values, in feature order. */
	List<String> values(String column) {
		return this.values.get(column);
	}

	/** The feature a value sets, or -1 for a value the scan did not see. */
	int indexOf(String column, String value) {
		return this.indices.get(column).getOrDefault(value, -1);
	}

	/**
	 * Reads the comma-separated column list of the {@code oneHot} field, in NFC.
	 * @throws IllegalArgumentException for an empty or repeated name, or one that breaks
	 * {@link Names}' standard
	 */
	static List<String> parseColumns(String field) {
		List<String> columns = new ArrayList<>();
		Set<String> seen = new HashSet<>();
		for (String part : field.split(",", -1)) {
			String column = part.strip();
			if (column.isEmpty()) {
				throw new IllegalArgumentException("must list column names separated by commas, e.g. colour,size");
			}
			int number = columns.size() + 1;
			Names.problem(column, CsvDatasetParser.MAX_FIELD_LENGTH).ifPresent((reason) -> {
				throw new IllegalArgumentException("column name " + number + " " + reason);
			});
			column = Names.nfc(column);
			if (!seen.add(column)) {
				throw new IllegalArgumentException("lists '" + column + "' twice");
			}
			columns.add(column);
		}
		return List.copyOf(columns);
	}

	/**
	 * First pass: the distinct values of each column to encode. Rows that are malformed
	 * in other ways are left for the second pass to report.
	 * @param maxFeatures the most features the file may have once encoded
	 * @throws DatasetFormatException naming the field, row or column at fault
	 */
	static OneHotEncoding scan(Reader reader, List<String> columns, String labelColumn, int maxFeatures,
			int maxFieldLength) throws IOException {
		CsvRecordReader records = new CsvRecordReader(reader, maxFeatures + 1, maxFieldLength);
		List<String> header = CsvDatasetParser.columnNames(records.next());
		Map<String, Integer> positions = new LinkedHashMap<>();
		for (String column : columns) {
			if (column.equals(labelColumn)) {
				throw new DatasetFormatException(FIELD, 0, column,
						"lists the label column '" + column + "'; labels are classes already");
			}
			int position = header.indexOf(column);
			if (position < 0) {
				throw new DatasetFormatException(FIELD, 0, column, "lists '" + column
						+ "' but the file has no such column; its columns are " + CsvDatasetParser.describe(header));
			}
			positions.put(column, position);
		}
		Map<String, Set<String>> seen = new LinkedHashMap<>();
		columns.forEach((column) -> seen.put(column, new LinkedHashSet<>()));
		// every other column but the label stays one feature
		long features = header.size() - 1 - columns.size();
		List<String> fields;
		int row = 0;
		while ((fields = records.next()) != null) {
			if (fields.size() == 1 && fields.get(0).isBlank()) {
				continue;
			}
			row++;
			if (fields.size() != header.size()) {
				continue;
			}
			for (Map.Entry<String, Integer> column : positions.entrySet()) {
				String value = Names.nfc(fields.get(column.getValue()).strip());
				if (value.isEmpty()) {
					throw new DatasetFormatException("file", row, column.getKey(),
							where(row, records, column.getKey()) + ": missing value");
				}
				// the value becomes part of a feature name
				Optional<String> problem = seen.get(column.getKey()).contains(value) ? Optional.empty()
						: Names.problem(value, maxFieldLength);
				if (problem.isPresent()) {
					throw new DatasetFormatException("file", row, column.getKey(),
							where(row, records, column.getKey()) + ": the value " + problem.get());
				}
				if (seen.get(column.getKey()).add(value) && ++features > maxFeatures) {
					throw new DatasetFormatException(FIELD, row, column.getKey(),
							"encoding gives more than " + maxFeatures + " features, the most a dataset may have "
									+ "(kiln.datasets.max-features); column '" + column.getKey() + "' has "
									+ seen.get(column.getKey()).size() + " distinct values so far");
				}
			}
		}
		Map<String, List<String>> values = new LinkedHashMap<>();
		seen.forEach((column, columnValues) -> values.put(column, sorted(columnValues)));
		return new OneHotEncoding(values);
	}

	private static String where(int row, CsvRecordReader records, String column) {
		return "row " + row + " (line " + records.recordLine() + "), column '" + column + "'";
	}

	/** Numerically when every value is a number, as text otherwise. */
	private static List<String> sorted(Set<String> values) {
		List<String> sorted = new ArrayList<>(values);
		Map<String, BigDecimal> numbers = new HashMap<>();
		for (String value : values) {
			BigDecimal number = number(value);
			if (number == null) {
				sorted.sort(Comparator.naturalOrder());
				return List.copyOf(sorted);
			}
			numbers.put(value, number);
		}
		Comparator<String> byNumber = Comparator.comparing(numbers::get);
		sorted.sort(byNumber.thenComparing(Comparator.naturalOrder()));
		return List.copyOf(sorted);
	}

	private static BigDecimal number(String value) {
		try {
			return new BigDecimal(value);
		}
		catch (NumberFormatException ex) {
			return null;
		}
	}

}
