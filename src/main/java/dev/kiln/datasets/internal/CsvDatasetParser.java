package dev.kiln.datasets.internal;

import java.io.IOException;
import java.io.Reader;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import dev.kiln.web.Names;

/**
 * Reads a labelled CSV file, one record at a time: a header row naming the columns, then
 * one row per example. The label column holds class labels (text or integers); every
 * other column is a numeric feature, parsed as {@link Float#parseFloat} does (no locale),
 * unless a {@link OneHotEncoding} encodes it as categories. Feature rows go to a
 * {@link RowSink} as they are read, so only the labels (one int per row) and the distinct
 * label texts are held; labels are mapped to class indices at the end, in sorted order
 * (numerically when every label is an integer, lexicographically otherwise), so class
 * {@code i} is the {@code i}-th label in order. Column names and labels are names, held
 * to {@link Names}' standard and kept in NFC.
 */
final class CsvDatasetParser {

	static final int MAX_FIELD_LENGTH = 1000;

	/** The most values an {@link dev.kiln.engine.Examples} array can hold. */
	private static final long MAX_VALUES = Integer.MAX_VALUE - 8;

	private final int maxRows;

	private final int maxFeatures;

	private final int maxClasses;

	CsvDatasetParser(int maxRows, int maxFeatures, int maxClasses) {
		this.maxRows = maxRows;
		this.maxFeatures = maxFeatures;
		this.maxClasses = maxClasses;
	}

	/**
	 * Parses a CSV file whose columns are all numeric but the label, handing each row's
	 * features to {@code sink}.
	 * @param labelColumn the name of the column holding the labels
	 * @param shape the feature shape, or {@code null} for {@code [featureCount]}
	 * @throws DatasetFormatException naming the row and column when the file is refused
	 */
	ParsedDataset parse(Reader reader, String labelColumn, List<Integer> shape, RowSink sink) throws IOException {
		return parse(reader, labelColumn, shape, OneHotEncoding.none(), sink);
	}

	/**
	 * Parses a CSV file, handing each row's features to {@code sink}; the columns the
	 * encoding names become one feature per value.
	 */
	ParsedDataset parse(Reader reader, String labelColumn, List<Integer> shape, OneHotEncoding encoding, RowSink sink)
			throws IOException {
		CsvRecordReader records = new CsvRecordReader(reader, this.maxFeatures + 1, MAX_FIELD_LENGTH);
		List<String> header = columnNames(records.next());
		Columns columns = columns(header, labelColumn, encoding);
		int featureCount = columns.featureNames.size();
		if (featureCount > this.maxFeatures) {
			throw new DatasetFormatException(OneHotEncoding.FIELD, 0, null, "encoding gives " + featureCount
					+ " features, more than the limit of " + this.maxFeatures + " (kiln.datasets.max-features)");
		}
		List<Integer> featureShape = featureShape(shape, featureCount);
		float[] features = new float[featureCount];
		LabelIndex labels = new LabelIndex(this.maxClasses);
		IntList rowLabels = new IntList();
		List<String> fields;
		int row = 0;
		while ((fields = records.next()) != null) {
			if (fields.size() == 1 && fields.get(0).isBlank()) {
				continue;
			}
			row++;
			String where = "row " + row + " (line " + records.recordLine() + ")";
			if (row > this.maxRows) {
				throw new DatasetFormatException("file", row, null,
						"the file has more than " + this.maxRows + " data rows, the most a dataset may have");
			}
			if ((long) row * featureCount > MAX_VALUES) {
				throw new DatasetFormatException("file", row, null,
						"the file holds more than " + MAX_VALUES + " feature values, the most a dataset may have");
			}
			if (fields.size() != header.size()) {
				throw new DatasetFormatException("file", row, null,
						where + ": expected " + header.size() + " fields as in the header, found " + fields.size());
			}
			for (int i = 0; i < fields.size(); i++) {
				int at = columns.offsets[i];
				if (i == columns.labelIndex) {
					continue;
				}
				String column = header.get(i).strip();
				if (encoding.encodes(column)) {
					oneHot(encoding, column, fields.get(i), row, where, features, at);
				}
				else {
					features[at] = number(fields.get(i), row, where, header.get(i));
				}
			}
			String label = Names.nfc(fields.get(columns.labelIndex).strip());
			if (label.isEmpty()) {
				throw new DatasetFormatException("file", row, labelColumn,
						where + ", column '" + labelColumn + "': missing label");
			}
			rowLabels.add(labels.indexOf(label, row, where, labelColumn));
			sink.accept(features);
		}
		if (row == 0) {
			throw new DatasetFormatException("the file has a header but no data rows");
		}
		return labels.finish(columns.featureNames, featureShape, rowLabels.toArray()).withOneHot(encoding.columns());
	}

	/**
	 * The header's column names, stripped and in NFC.
	 * @throws DatasetFormatException for a missing header, or a name that breaks
	 * {@link Names}' standard, naming its column
	 */
	static List<String> columnNames(List<String> header) {
		if (header == null) {
			throw new DatasetFormatException("the file is empty: expected a header row naming the columns");
		}
		List<String> names = new ArrayList<>(header.size());
		for (int i = 0; i < header.size(); i++) {
			String name = header.get(i).strip();
			int column = i + 1;
			Names.problem(name, MAX_FIELD_LENGTH).ifPresent((reason) -> {
				throw new DatasetFormatException("file", 0, Names.shown(name), "header (line 1), column " + column
						+ " ('" + Names.shown(name) + "'): the column name " + reason);
			});
			names.add(Names.nfc(name));
		}
		return names;
	}

	/** Sets the feature of the row's value to 1 and the column's others to 0. */
	private static void oneHot(OneHotEncoding encoding, String column, String field, int row, String where,
			float[] features, int at) {
		String value = Names.nfc(field.strip());
		if (value.isEmpty()) {
			throw new DatasetFormatException("file", row, column, where + ", column '" + column + "': missing value");
		}
		int index = encoding.indexOf(column, value);
		if (index < 0) {
			// the first pass read the same file: only a file changed in between gets here
			throw new IllegalStateException("value '" + value + "' of column '" + column + "' was not scanned");
		}
		Arrays.fill(features, at, at + encoding.values(column).size(), 0f);
		features[at + index] = 1f;
	}

	private static Columns columns(List<String> header, String labelColumn, OneHotEncoding encoding) {
		Map<String, Integer> seen = new HashMap<>();
		int labelIndex = -1;
		List<String> featureNames = new ArrayList<>();
		int[] offsets = new int[header.size()];
		for (int i = 0; i < header.size(); i++) {
			offsets[i] = featureNames.size();
			String name = header.get(i).strip();
			if (name.isEmpty()) {
				throw new DatasetFormatException("file", 0, null,
						"header (line 1): column " + (i + 1) + " has no name");
			}
			Integer previous = seen.putIfAbsent(name, i);
			if (previous != null) {
				throw new DatasetFormatException("file", 0, name, "header (line 1): column '" + name
						+ "' appears twice (columns " + (previous + 1) + " and " + (i + 1) + ")");
			}
			if (name.equals(labelColumn)) {
				labelIndex = i;
			}
			else if (encoding.encodes(name)) {
				encoding.values(name).forEach((value) -> featureNames.add(name + "=" + value));
			}
			else {
				featureNames.add(name);
			}
		}
		if (labelIndex < 0) {
			throw new DatasetFormatException("labelColumn", 0, labelColumn,
					"the file has no column named '" + labelColumn + "'; its columns are " + describe(header));
		}
		if (featureNames.isEmpty()) {
			throw new DatasetFormatException("file", 0, null,
					"the file has no feature columns besides the label column '" + labelColumn + "'");
		}
		return new Columns(labelIndex, featureNames, offsets);
	}

	/** Up to 20 column names, quoted, for messages. */
	static String describe(List<String> header) {
		List<String> shown = header.stream().limit(20).map((name) -> "'" + Names.shown(name.strip()) + "'").toList();
		return String.join(", ", shown) + ((header.size() > shown.size()) ? ", ..." : "");
	}

	private static List<Integer> featureShape(List<Integer> shape, int featureCount) {
		if (shape == null || shape.isEmpty()) {
			return List.of(featureCount);
		}
		long product = 1;
		for (int dimension : shape) {
			product *= dimension;
			if (dimension <= 0 || product > Integer.MAX_VALUE) {
				throw new DatasetFormatException("shape", 0, null, "dimensions must be positive and small enough");
			}
		}
		if (product != featureCount) {
			throw new DatasetFormatException("shape", 0, null, "shape " + ShapeConverter.format(shape) + " holds "
					+ product + " values but the file has " + featureCount + " feature columns");
		}
		return List.copyOf(shape);
	}

	private static float number(String field, int row, String where, String column) {
		String text = field.strip();
		if (text.isEmpty()) {
			throw new DatasetFormatException("file", row, column, where + ", column '" + column + "': missing value");
		}
		float value;
		try {
			value = Float.parseFloat(text);
		}
		catch (NumberFormatException ex) {
			throw new DatasetFormatException("file", row, column,
					where + ", column '" + column + "': '" + abbreviate(text)
							+ "' is not a number (list the column in oneHot to encode its values as " + "categories)");
		}
		if (Float.isNaN(value)) {
			throw new DatasetFormatException("file", row, column,
					where + ", column '" + column + "': NaN is not allowed");
		}
		if (Float.isInfinite(value)) {
			throw new DatasetFormatException("file", row, column, where + ", column '" + column + "': '"
					+ abbreviate(text) + "' is infinite or outside the float range");
		}
		return value;
	}

	private static String abbreviate(String text) {
		return (text.length() <= 40) ? text : text.substring(0, 40) + "...";
	}

	/**
	 * Where the label is, and for each column the index of its first feature.
	 */
	private record Columns(int labelIndex, List<String> featureNames, int[] offsets) {
	}

	/** Distinct labels in order of first appearance, then sorted into class indices. */
	private static final class LabelIndex {

		private final int maxClasses;

		private final Map<String, Integer> indices = new HashMap<>();

		private final List<String> labels = new ArrayList<>();

		LabelIndex(int maxClasses) {
			this.maxClasses = maxClasses;
		}

		int indexOf(String label, int row, String where, String column) {
			Integer index = this.indices.get(label);
			if (index == null) {
				Names.problem(label, MAX_FIELD_LENGTH).ifPresent((reason) -> {
					throw new DatasetFormatException("file", row, column,
							where + ", column '" + column + "': the label " + reason);
				});
				if (this.labels.size() == this.maxClasses) {
					throw new DatasetFormatException("file", row, column, where + ", column '" + column
							+ "': more than " + this.maxClasses + " distinct labels, the most a dataset may have");
				}
				index = this.labels.size();
				this.indices.put(label, index);
				this.labels.add(label);
			}
			return index;
		}

		ParsedDataset finish(List<String> featureNames, List<Integer> shape, int[] rowLabels) {
			long[] numbers = integers(this.labels);
			Integer[] order = new Integer[this.labels.size()];
			Arrays.setAll(order, (i) -> i);
			if (numbers != null) {
				Arrays.sort(order, Comparator.comparingLong((Integer i) -> numbers[i]));
			}
			else {
				Arrays.sort(order, Comparator.comparing(this.labels::get));
			}
			// Integer labels such as "1" and "01" name the same class
			int[] classOf = new int[order.length];
			List<String> classNames = new ArrayList<>();
			for (int k = 0; k < order.length; k++) {
				int i = order[k];
				String name = (numbers != null) ? Long.toString(numbers[i]) : this.labels.get(i);
				if (classNames.isEmpty() || !classNames.get(classNames.size() - 1).equals(name)) {
					classNames.add(name);
				}
				classOf[i] = classNames.size() - 1;
			}
			if (classNames.size() < 2) {
				throw new DatasetFormatException("file", 0, null, "every row has the label '" + classNames.get(0)
						+ "': classification needs at least two classes");
			}
			for (int r = 0; r < rowLabels.length; r++) {
				rowLabels[r] = classOf[rowLabels[r]];
			}
			return new ParsedDataset(List.copyOf(featureNames), shape, List.copyOf(classNames), rowLabels);
		}

		/** The labels as integers, or null if any is not one. */
		private static long[] integers(List<String> labels) {
			long[] numbers = new long[labels.size()];
			for (int i = 0; i < numbers.length; i++) {
				String label = labels.get(i);
				if (!label.matches("[+-]?[0-9]{1,18}")) {
					return null;
				}
				numbers[i] = Long.parseLong(label);
			}
			return numbers;
		}

	}

}
