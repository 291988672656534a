package dev.kiln.datasets.internal;

import java.io.IOException;

/**
 * Receives a dataset's rows one at a time; the array may be reused for the next row.
 */
@FunctionalInterface
interface RowSink {

	void accept(float[] features) throws IOException;

}
