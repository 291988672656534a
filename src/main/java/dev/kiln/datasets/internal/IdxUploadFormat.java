package dev.kiln.datasets.internal;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import dev.kiln.web.InvalidField;
import dev.kiln.web.Names;

import org.springframework.stereotype.Component;

/**
 * {@code format=idx}: MNIST-style IDX files, each gzipped or not. Parts {@code images}
 * and {@code labels} are the training set; {@code testImages} and {@code testLabels},
 * given together or not at all, are a fixed test set stored after it. Field
 * {@code classNames}: comma-separated class names, one per class; the label values
 * {@code 0}, {@code 1}, ... otherwise. Images become rows of shape
 * {@code [rows, columns, 1]}, features {@code p0..pN}, raw 0..255 values.
 */
@Component
class IdxUploadFormat implements UploadFormat {

	static final String NAME = "idx";

	static final String IMAGES = "images";

	static final String LABELS = "labels";

	static final String TEST_IMAGES = "testImages";

	static final String TEST_LABELS = "testLabels";

	static final String CLASS_NAMES = "classNames";

	private static final int MAX_CLASS_NAME_LENGTH = 200;

	/** The most values an {@link dev.kiln.engine.Examples} array can hold. */
	private static final long MAX_VALUES = Integer.MAX_VALUE - 8;

	private final IdxReader reader;

	private final int maxClasses;

	private final int maxRows;

	IdxUploadFormat(DatasetProperties properties) {
		this.maxRows = properties.maxRows();
		this.reader = new IdxReader(properties.maxRows(), properties.maxFeatures(),
				properties.maxUncompressedBytes().toBytes());
		this.maxClasses = properties.maxClasses();
	}

	@Override
	public String name() {
		return NAME;
	}

	@Override
	public List<String> parts() {
		return List.of(IMAGES, LABELS, TEST_IMAGES, TEST_LABELS);
	}

	@Override
	public List<String> fields() {
		return List.of(CLASS_NAMES);
	}

	@Override
	public PartsReader prepare(UploadRequest request, List<InvalidField> errors) {
		for (String part : List.of(IMAGES, LABELS)) {
			if (!request.hasPart(part)) {
				errors.add(new InvalidField(part,
						"is required: an IDX " + (part.equals(IMAGES) ? "image" : "label") + " file, gzipped or not"));
			}
		}
		if (request.hasPart(TEST_IMAGES) != request.hasPart(TEST_LABELS)) {
			String missing = request.hasPart(TEST_IMAGES) ? TEST_LABELS : TEST_IMAGES;
			String given = request.hasPart(TEST_IMAGES) ? TEST_IMAGES : TEST_LABELS;
			errors.add(new InvalidField(missing, "is required when " + given + " is given: the test set needs both"));
		}
		List<String> classNames = null;
		String classNamesField = request.field(CLASS_NAMES);
		if (classNamesField != null) {
			try {
				classNames = parseClassNames(classNamesField);
			}
			catch (IllegalArgumentException ex) {
				errors.add(new InvalidField(CLASS_NAMES, ex.getMessage()));
			}
		}
		List<String> names = classNames;
		return (parts, sink) -> read(parts, names, sink);
	}

	private ParsedDataset read(StagedUpload parts, List<String> givenNames, RowSink sink) throws IOException {
		int[] labels = readLabels(parts, LABELS);
		int[] testLabels = parts.has(TEST_LABELS) ? readLabels(parts, TEST_LABELS) : new int[0];
		if ((long) labels.length + testLabels.length > this.maxRows) {
			throw new DatasetFormatException(TEST_LABELS, 0, null,
					"holds " + IdxReader.number(testLabels.length) + " labels; with the "
							+ IdxReader.number(labels.length) + " of labels that makes more than the limit of "
							+ IdxReader.number(this.maxRows) + " rows (kiln.datasets.max-rows)");
		}
		int classes = classes(labels, testLabels, givenNames);
		IdxReader.ImagesHeader header = readImages(parts, IMAGES, LABELS, labels.length, null, sink);
		if (parts.has(TEST_IMAGES)) {
			readImages(parts, TEST_IMAGES, TEST_LABELS, testLabels.length, header, sink);
		}
		List<String> featureNames = new ArrayList<>(header.pixels());
		for (int i = 0; i < header.pixels(); i++) {
			featureNames.add("p" + i);
		}
		List<String> classNames = (givenNames != null) ? givenNames : numbers(classes);
		int[] all = new int[labels.length + testLabels.length];
		System.arraycopy(labels, 0, all, 0, labels.length);
		System.arraycopy(testLabels, 0, all, labels.length, testLabels.length);
		return new ParsedDataset(List.copyOf(featureNames), List.of(header.rows(), header.columns(), 1), classNames,
				all, testLabels.length, List.of(), null);
	}

	private int[] readLabels(StagedUpload parts, String part) throws IOException {
		try (InputStream in = parts.openDecompressed(part)) {
			return this.reader.readLabels(in, part);
		}
	}

	/**
	 * Streams an image file into the sink once its header agrees with its labels and, for
	 * the test set, with the training images.
	 */
	private IdxReader.ImagesHeader readImages(StagedUpload parts, String part, String labelsPart, int labelCount,
			IdxReader.ImagesHeader training, RowSink sink) throws IOException {
		try (InputStream in = parts.openDecompressed(part)) {
			IdxReader.ImagesHeader header = this.reader.readImagesHeader(in, part);
			if (header.count() != labelCount) {
				throw new DatasetFormatException(part, 0, null, "holds " + IdxReader.number(header.count())
						+ " images but " + labelsPart + " holds " + IdxReader.number(labelCount) + " labels");
			}
			if (training != null && (header.rows() != training.rows() || header.columns() != training.columns())) {
				throw new DatasetFormatException(part, 0, null,
						"holds images of " + header.rows() + "x" + header.columns() + " pixels but " + IMAGES
								+ " holds images of " + training.rows() + "x" + training.columns());
			}
			if (training != null && ((long) training.count() + header.count()) * header.pixels() > MAX_VALUES) {
				throw new DatasetFormatException(part, 0, null,
						"holds " + IdxReader.number(header.count()) + " images; with those of " + IMAGES
								+ " that makes more pixels than a dataset can hold (" + IdxReader.number(MAX_VALUES)
								+ ")");
			}
			this.reader.readImages(in, header, part, sink);
			return header;
		}
	}

	/**
	 * The number of classes: one more than the largest training label. Test labels must
	 * fall within them, and given class names must name each.
	 */
	private int classes(int[] labels, int[] testLabels, List<String> givenNames) {
		int max = 0;
		for (int label : labels) {
			max = Math.max(max, label);
		}
		int classes = max + 1;
		if (classes < 2) {
			throw new DatasetFormatException(LABELS, 0, null,
					"every label is 0: classification needs at least two classes");
		}
		if (classes > this.maxClasses) {
			throw new DatasetFormatException(LABELS, 0, null, "has labels up to " + max + ", more than the limit of "
					+ this.maxClasses + " classes (kiln.datasets.max-classes)");
		}
		for (int i = 0; i < testLabels.length; i++) {
			if (testLabels[i] >= classes) {
				throw new DatasetFormatException(TEST_LABELS, 0, null, "label " + testLabels[i] + " (item "
						+ IdxReader.number(i + 1) + ") is outside the training labels' range 0 to " + max);
			}
		}
		if (givenNames != null && givenNames.size() != classes) {
			throw new DatasetFormatException(CLASS_NAMES, 0, null, "gives " + givenNames.size()
					+ " names but the labels make " + classes + " classes (0 to " + max + ")");
		}
		return classes;
	}

	/**
	 * Comma-separated names, each non-blank, held to {@link Names}' standard (at most 200
	 * characters) and different from the others in NFC.
	 */
	static List<String> parseClassNames(String field) {
		List<String> names = new ArrayList<>();
		Set<String> seen = new HashSet<>();
		for (String part : field.split(",", -1)) {
			String name = part.strip();
			if (name.isEmpty()) {
				throw new IllegalArgumentException("class " + names.size() + " has no name: give comma-separated "
						+ "names, e.g. T-shirt/top,Trouser,Pullover");
			}
			int index = names.size();
			Names.problem(name, MAX_CLASS_NAME_LENGTH).ifPresent((reason) -> {
				throw new IllegalArgumentException("the name of class " + index + " " + reason);
			});
			name = Names.nfc(name);
			if (!seen.add(name)) {
				throw new IllegalArgumentException("'" + name + "' names two classes");
			}
			names.add(name);
		}
		return List.copyOf(names);
	}

	private static List<String> numbers(int classes) {
		List<String> names = new ArrayList<>(classes);
		for (int i = 0; i < classes; i++) {
			names.add(Integer.toString(i));
		}
		return List.copyOf(names);
	}

}
