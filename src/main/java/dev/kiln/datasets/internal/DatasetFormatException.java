package dev.kiln.datasets.internal;

/**
 * A dataset file, or the way a request describes it, cannot be read as a dataset.
 */
class DatasetFormatException extends RuntimeException {

	private final String field;

	private final long row;

	private final String column;

	/** A problem with the file as a whole, or its syntax. */
	DatasetFormatException(String message) {
		this("file", 0, null, message);
	}

	/**
	 * @param field the request field at fault: {@code file}, {@code labelColumn} or
	 * {@code shape}
	 * @param row the 1-based data row at fault, 0 if none
	 * @param column the column at fault, if any
	 */
	DatasetFormatException(String field, long row, String column, String message) {
		super(message);
		this.field = field;
		this.row = row;
		this.column = column;
	}

	String field() {
		return this.field;
	}

	long row() {
		return this.row;
	}

	String column() {
		return this.column;
	}

}
