package dev.kiln.datasets.internal;

import java.io.IOException;
import java.io.Reader;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A large CSV file is parsed without holding its rows: what the parser keeps while it
 * reads is one int per row (the labels), not the rows. The file (about 14 MB of text) is
 * generated while it is read, so the test itself holds none of it either.
 */
class CsvStreamingTest {

	private static final int ROWS = 200_000;

	@Test
	void holdsOnlyTheLabelsWhileReadingALargeFile() throws IOException {
		MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
		long before = usedAfterGc(memory);
		long[] duringParse = new long[1];
		int[] rows = new int[1];
		CsvDatasetParser parser = new CsvDatasetParser(1_000_000, 100, 100);
		ParsedDataset parsed = parser.parse(new GeneratedCsv(ROWS), "label", null, (row) -> {
			if (++rows[0] == ROWS) {
				duringParse[0] = usedAfterGc(memory) - before;
			}
		});
		assertThat(parsed.rows()).isEqualTo(ROWS);
		assertThat(parsed.featureNames()).hasSize(8);
		assertThat(parsed.classNames()).hasSize(10);
		System.out.printf("CSV of %,d rows: %,d bytes held at the last row%n", ROWS, duringParse[0]);
		// the labels take 0.8 to 1.6 MB; the rows as strings would take over 60 MB
		assertThat(duringParse[0]).isLessThan(16L << 20);
	}

	private static long usedAfterGc(MemoryMXBean memory) {
		System.gc();
		return memory.getHeapMemoryUsage().getUsed();
	}

	/** {@code rows} rows of 8 numbers and a label, produced as they are read. */
	private static final class GeneratedCsv extends Reader {

		private final int rows;

		private int row = -1;

		private String current = "f0,f1,f2,f3,f4,f5,f6,f7,label\n";

		private int position;

		GeneratedCsv(int rows) {
			this.rows = rows;
		}

		@Override
		public int read(char[] buffer, int offset, int length) {
			if (this.position == this.current.length()) {
				if (++this.row == this.rows) {
					return -1;
				}
				this.current = line(this.row);
				this.position = 0;
			}
			int n = Math.min(length, this.current.length() - this.position);
			this.current.getChars(this.position, this.position + n, buffer, offset);
			this.position += n;
			return n;
		}

		private static String line(int row) {
			// numbers such as 12.345, built without String.format to keep the test quick
			StringBuilder line = new StringBuilder(80);
			for (int f = 0; f < 8; f++) {
				int value = (row * 31 + f * 7) % 100_000;
				line.append(value / 1000).append('.').append(Integer.toString(value % 1000 + 1000), 1, 4).append(',');
			}
			return line.append("class").append(row % 10).append('\n').toString();
		}

		@Override
		public void close() {
		}

	}

}
