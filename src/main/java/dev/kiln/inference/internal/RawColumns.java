package dev.kiln.inference.internal;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

import dev.kiln.web.Names;
import tools.jackson.databind.JsonNode;

/**
 * The columns of a tabular dataset as its CSV had them, before one-hot encoding: a client
 * predicts with one value per column (a category's name for an encoded column), and Kiln
 * expands them into the model's features.
 */
final class RawColumns {

	/**
	 * A column: where its features start, and for an encoded column its categories in
	 * feature order.
	 */
	private record Column(String name, int firstFeature, List<String> categories) {

		boolean encoded() {
			return this.categories != null;
		}

	}

	private final List<Column> columns;

	private final int featureLength;

	private RawColumns(List<Column> columns, int featureLength) {
		this.columns = columns;
		this.featureLength = featureLength;
	}

	/**
	 * The raw columns behind {@code featureNames}, or null when no column was encoded.
	 */
	static RawColumns of(List<String> featureNames, List<String> oneHotColumns) {
		if (oneHotColumns == null || oneHotColumns.isEmpty()) {
			return null;
		}
		List<Column> columns = new ArrayList<>();
		for (int i = 0; i < featureNames.size(); i++) {
			String name = featureNames.get(i);
			String encoded = encodedColumn(name, oneHotColumns);
			if (encoded == null) {
				columns.add(new Column(name, i, null));
				continue;
			}
			Column last = columns.isEmpty() ? null : columns.get(columns.size() - 1);
			if (last == null || !last.encoded() || !last.name().equals(encoded)) {
				last = new Column(encoded, i, new ArrayList<>());
				columns.add(last);
			}
			last.categories().add(name.substring(encoded.length() + 1));
		}
		return new RawColumns(columns, featureNames.size());
	}

	private static String encodedColumn(String featureName, List<String> oneHotColumns) {
		for (String column : oneHotColumns) {
			if (featureName.startsWith(column + "=")) {
				return column;
			}
		}
		return null;
	}

	int size() {
		return this.columns.size();
	}

	List<String> names() {
		return this.columns.stream().map(Column::name).toList();
	}

	/** Expands one instance of raw column values into the model's features. */
	float[] expand(JsonNode instance, String path) {
		float[] row = new float[this.featureLength];
		for (int c = 0; c < this.columns.size(); c++) {
			Column column = this.columns.get(c);
			JsonNode value = instance.get(c);
			String valuePath = path + "[" + c + "]";
			if (!column.encoded()) {
				row[column.firstFeature()] = InstanceDecoder.number(value, valuePath);
				continue;
			}
			int category = category(column, value);
			if (category < 0) {
				throw new InstanceDecoder.BadInstance(valuePath,
						"'" + Names.shown(text(value)) + "' is not a category of column '" + column.name()
								+ "'; expected one of " + column.categories());
			}
			row[column.firstFeature() + category] = 1f;
		}
		return row;
	}

	/**
	 * The category a value names: the same text (or its NFC form), or the same number
	 * written differently (3 and 3.0).
	 */
	private static int category(Column column, JsonNode value) {
		if (value == null || !(value.isString() || value.isNumber())) {
			return -1;
		}
		String text = text(value).strip();
		int exact = column.categories().indexOf(text);
		if (exact < 0) {
			// categories are stored in NFC (those of datasets uploaded before, as sent)
			exact = column.categories().indexOf(Names.nfc(text));
		}
		if (exact >= 0 || !value.isNumber()) {
			return exact;
		}
		BigDecimal number = value.decimalValue();
		for (int i = 0; i < column.categories().size(); i++) {
			try {
				if (new BigDecimal(column.categories().get(i)).compareTo(number) == 0) {
					return i;
				}
			}
			catch (NumberFormatException ex) {
				// a text category: cannot equal a number
			}
		}
		return -1;
	}

	private static String text(JsonNode value) {
		return (value == null) ? "null" : value.isString() ? value.asString() : value.toString();
	}

}
