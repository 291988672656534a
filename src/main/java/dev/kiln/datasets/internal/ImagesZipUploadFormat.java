package dev.kiln.datasets.internal;

import java.util.List;

import dev.kiln.web.InvalidField;

import org.springframework.stereotype.Component;

/**
 * {@code format=images-zip}: part {@code file}, a zip of images in class folders
 * ({@code class_name/*.png|jpg|jpeg|gif|bmp}, possibly under one top-level folder);
 * fields {@code height} and {@code width} (1 to {@value #MAX_SIDE}) and {@code channels}
 * (1: greyscale luminance, 3: RGB). Every image is resized to height x width and stored
 * channel-first as raw 0..255 values; see {@link ImageZipReader} for the guards.
 */
@Component
class ImagesZipUploadFormat implements UploadFormat {

	static final String NAME = "images-zip";

	static final String FILE = "file";

	static final String HEIGHT = "height";

	static final String WIDTH = "width";

	static final String CHANNELS = "channels";

	static final int MAX_SIDE = 1024;

	private final ImageZipReader reader;

	private final int maxFeatures;

	ImagesZipUploadFormat(DatasetProperties properties) {
		this.reader = new ImageZipReader(new ImageZipReader.Limits(properties.maxRows(), properties.maxClasses(),
				properties.maxZipEntries(), properties.maxEntryBytes().toBytes(),
				properties.maxUncompressedBytes().toBytes(), properties.maxImagePixels()));
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
		return List.of(HEIGHT, WIDTH, CHANNELS);
	}

	@Override
	public PartsReader prepare(UploadRequest request, List<InvalidField> errors) {
		int height = side(request, HEIGHT, errors);
		int width = side(request, WIDTH, errors);
		int channels = channels(request, errors);
		if (height > 0 && width > 0 && channels > 0 && (long) height * width * channels > this.maxFeatures) {
			errors.add(new InvalidField(HEIGHT,
					"height x width x channels = " + IdxReader.number((long) height * width * channels)
							+ " features, more than the limit of " + IdxReader.number(this.maxFeatures)
							+ " (kiln.datasets.max-features)"));
		}
		if (!request.hasPart(FILE)) {
			errors.add(new InvalidField(FILE, "is required: a zip of class folders of images"));
		}
		ImageZipReader.ImageSize size = new ImageZipReader.ImageSize(height, width, channels);
		return (parts, sink) -> {
			SkippedEntries skipped = new SkippedEntries();
			return this.reader.read(parts.path(FILE), size, sink, skipped).withSkipped(skipped);
		};
	}

	private static int side(UploadRequest request, String field, List<InvalidField> errors) {
		return integer(request, field, 1, MAX_SIDE, "in pixels", errors);
	}

	private static int channels(UploadRequest request, List<InvalidField> errors) {
		String value = request.field(CHANNELS);
		if (value == null) {
			errors.add(new InvalidField(CHANNELS, "is required: 1 (greyscale) or 3 (RGB)"));
			return 0;
		}
		String text = value.strip();
		if (!text.equals("1") && !text.equals("3")) {
			errors.add(new InvalidField(CHANNELS, "must be 1 (greyscale) or 3 (RGB); got '" + text + "'"));
			return 0;
		}
		return Integer.parseInt(text);
	}

	private static int integer(UploadRequest request, String field, int min, int max, String unit,
			List<InvalidField> errors) {
		String value = request.field(field);
		String expected = "an integer from " + min + " to " + max + " (" + unit + ")";
		if (value == null) {
			errors.add(new InvalidField(field, "is required: " + expected));
			return 0;
		}
		try {
			int number = Integer.parseInt(value.strip());
			if (number >= min && number <= max) {
				return number;
			}
		}
		catch (NumberFormatException ex) {
			// refused below
		}
		errors.add(new InvalidField(field, "must be " + expected + "; got '" + value.strip() + "'"));
		return 0;
	}

}
