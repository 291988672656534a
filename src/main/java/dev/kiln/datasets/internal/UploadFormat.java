package dev.kiln.datasets.internal;

import java.io.IOException;
import java.util.List;

import dev.kiln.web.InvalidField;

/**
 * One way of uploading a dataset, chosen by the request's {@code format} field: the file
 * parts and fields it takes, and how its parts become rows.
 */
interface UploadFormat {

	/** The value of the {@code format} field that chooses it. */
	String name();

	/** The file parts it takes, in the order they are hashed. */
	List<String> parts();

	/**
	 * Its own text fields, besides {@code format}, {@code name} and
	 * {@code normalization}.
	 */
	List<String> fields();

	/**
	 * Checks the request's fields and which parts it has, before any part is read.
	 * @param errors where each problem is added, naming its field or part
	 * @return how to read the parts; not used if errors were added
	 */
	PartsReader prepare(UploadRequest request, List<InvalidField> errors);

	/** Reads an upload's parts into rows. */
	@FunctionalInterface
	interface PartsReader {

		/**
		 * Writes every row's features to the sink, training rows first and a fixed test
		 * set last, and says what they were.
		 * @throws DatasetFormatException naming the part or field at fault
		 */
		ParsedDataset read(StagedUpload parts, RowSink sink) throws IOException;

	}

}
