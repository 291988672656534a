package dev.kiln.datasets.internal;

import java.io.IOException;
import java.io.Reader;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads CSV records (RFC 4180: comma separated, fields optionally in double quotes with
 * {@code ""} for a quote) one at a time from a character stream, so a file is never held
 * in memory as a whole. Lines end with LF, CRLF or CR; blank lines are skipped; a leading
 * byte order mark is ignored. Fields and records are bounded so that a malformed file
 * cannot exhaust memory.
 */
final class CsvRecordReader {

	private static final int EOF = -1;

	private final Reader reader;

	private final int maxFields;

	private final int maxFieldLength;

	private final char[] buffer = new char[8192];

	private int position;

	private int limit;

	private long line = 1;

	private long recordLine;

	private boolean first = true;

	/**
	 * @param maxFields the most fields a record may have
	 * @param maxFieldLength the most characters a field may have
	 */
	CsvRecordReader(Reader reader, int maxFields, int maxFieldLength) {
		this.reader = reader;
		this.maxFields = maxFields;
		this.maxFieldLength = maxFieldLength;
	}

	/** The file line (1-based) on which the last record returned starts. */
	long recordLine() {
		return this.recordLine;
	}

	/**
	 * The next record's fields, or {@code null} at the end of the input.
	 * @throws DatasetFormatException if the record is malformed
	 */
	List<String> next() throws IOException {
		if (this.first) {
			this.first = false;
			if (peek() == '\uFEFF') {
				read();
			}
		}
		while (true) {
			int c = peek();
			if (c == EOF) {
				return null;
			}
			if (c == '\n' || c == '\r') {
				readLineEnd();
				continue;
			}
			return readRecord();
		}
	}

	private List<String> readRecord() throws IOException {
		this.recordLine = this.line;
		List<String> fields = new ArrayList<>();
		StringBuilder field = new StringBuilder();
		while (true) {
			field.setLength(0);
			int c = peek();
			if (c == '"') {
				read();
				readQuoted(field);
				c = peek();
				if (c != ',' && c != '\n' && c != '\r' && c != EOF) {
					throw new DatasetFormatException(
							"line " + this.line + ": unexpected character after a closing quote (a quote inside a "
									+ "quoted field is written as \"\")");
				}
			}
			else {
				while (c != ',' && c != '\n' && c != '\r' && c != EOF) {
					append(field, (char) read());
					c = peek();
				}
			}
			if (fields.size() == this.maxFields) {
				throw new DatasetFormatException(
						"line " + this.recordLine + ": more than " + this.maxFields + " fields");
			}
			fields.add(field.toString());
			c = read();
			if (c == ',') {
				continue;
			}
			if (c == '\n' || c == '\r') {
				if (c == '\r' && peek() == '\n') {
					read();
				}
				this.line++;
			}
			return fields;
		}
	}

	private void readQuoted(StringBuilder field) throws IOException {
		long start = this.line;
		while (true) {
			int c = read();
			if (c == EOF) {
				throw new DatasetFormatException("line " + start + ": a quoted field is never closed");
			}
			if (c == '"') {
				if (peek() != '"') {
					return;
				}
				read();
			}
			else if (c == '\n' || (c == '\r' && peek() != '\n')) {
				this.line++;
			}
			append(field, (char) c);
		}
	}

	private void append(StringBuilder field, char c) {
		if (field.length() == this.maxFieldLength) {
			throw new DatasetFormatException(
					"line " + this.line + ": a field is longer than " + this.maxFieldLength + " characters");
		}
		field.append(c);
	}

	private void readLineEnd() throws IOException {
		int c = read();
		if (c == '\r' && peek() == '\n') {
			read();
		}
		this.line++;
	}

	private int peek() throws IOException {
		if (this.position == this.limit && !fill()) {
			return EOF;
		}
		return this.buffer[this.position];
	}

	private int read() throws IOException {
		if (this.position == this.limit && !fill()) {
			return EOF;
		}
		return this.buffer[this.position++];
	}

	private boolean fill() throws IOException {
		int n;
		do {
			n = this.reader.read(this.buffer, 0, this.buffer.length);
		}
		while (n == 0);
		if (n < 0) {
			return false;
		}
		this.position = 0;
		this.limit = n;
		return true;
	}

}
