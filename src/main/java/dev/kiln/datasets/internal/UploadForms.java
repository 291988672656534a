package dev.kiln.datasets.internal;

import io.swagger.v3.oas.annotations.media.Schema;

/**
 * The multipart forms of {@code POST /api/v1/datasets}, one per format, as the API
 * documentation shows them. The controller reads the request itself so that it can name
 * unknown fields; these records only describe it.
 */
final class UploadForms {

	static final String NAME_DESCRIPTION = "Unique among the datasets not deleted: 1-100 letters (of any script), "
			+ "digits, '-', '_' or '.'; stored in Unicode NFC";

	static final String NORMALIZATION_DESCRIPTION = "The feature scaling a job uses when it names none: none "
			+ "(the default), minmax or standardize";

	private UploadForms() {
	}

	@Schema(name = "CsvUpload", description = "format=csv (the default): a labelled CSV file",
			requiredProperties = { "file", "name", "labelColumn" })
	record CsvUpload(@Schema(description = "csv, or leave it out", allowableValues = {
			"csv" }, defaultValue = "csv") String format,
			@Schema(type = "string", format = "binary",
					description = "The CSV file: UTF-8, comma separated, a header row naming the columns") String file,
			@Schema(description = NAME_DESCRIPTION, example = "my-iris") String name,
			@Schema(description = "The column holding the class labels (text or integers)",
					example = "species") String labelColumn,
			@Schema(description = "Feature shape: the number of features, or height,width,channels for images "
					+ "(pixel columns in channel-first order); defaults to the number of feature columns",
					example = "4") String shape,
			@Schema(description = "Comma-separated columns to encode one-hot: each becomes one feature per distinct "
					+ "value, named column=value; rows to predict give the raw value", example = "color") String oneHot,
			@Schema(description = NORMALIZATION_DESCRIPTION, allowableValues = { "none", "minmax", "standardize" },
					example = "standardize") String normalization){
	}

	@Schema(name = "IdxUpload",
			description = "format=idx: MNIST-style IDX files (unsigned bytes), each gzipped or not (detected by "
					+ "its first bytes). The training set is images + labels; testImages + testLabels, together "
					+ "or not at all, are a fixed test set that jobs evaluate on. Rows have shape [rows, cols, 1], "
					+ "features p0..pN, raw 0..255 pixel values. The sha256 is computed over the parts as uploaded, "
					+ "in the order images, labels, testImages, testLabels.",
			requiredProperties = { "format", "name", "images", "labels" })
	record IdxUpload(@Schema(allowableValues = {
			"idx" }, example = "idx") String format,
			@Schema(description = NAME_DESCRIPTION, example = "fashion-mnist") String name,
			@Schema(type = "string", format = "binary",
					description = "Training images: IDX magic 2051, dimensions count, rows, columns") String images,
			@Schema(type = "string", format = "binary",
					description = "Training labels: IDX magic 2049, one unsigned byte per image") String labels,
			@Schema(type = "string", format = "binary",
					description = "Test images, of the same rows and columns as the training images") String testImages,
			@Schema(type = "string", format = "binary",
					description = "Test labels, within the training labels' range") String testLabels,
			@Schema(description = "Comma-separated class names, one per class (as many as the largest label + 1); "
					+ "the label values 0, 1, ... when left out",
					example = "T-shirt/top,Trouser,Pullover,Dress,Coat,Sandal,Shirt,Sneaker,Bag,Ankle boot") String classNames,
			@Schema(description = NORMALIZATION_DESCRIPTION, allowableValues = { "none", "minmax", "standardize" },
					example = "minmax") String normalization){
	}

	@Schema(name = "ImagesZipUpload",
			description = "format=images-zip: a zip of images in class folders (class_name/*.png, jpg, jpeg, gif or "
					+ "bmp), possibly all under one top-level folder; classes are the folder names, sorted. Each "
					+ "image is decoded, resized with bilinear interpolation to height x width, converted to "
					+ "channels and stored channel-first as raw 0..255 values. Refused, naming the entry: paths that "
					+ "escape the archive (.., absolute, drive letters, backslashes), nested zips, more entries than "
					+ "kiln.datasets.max-zip-entries, an entry over kiln.datasets.max-entry-bytes or an archive over "
					+ "kiln.datasets.max-uncompressed-bytes once inflated. Skipped and listed in the answer: files "
					+ "outside class folders, hidden and macOS metadata files, other file types, images that cannot "
					+ "be decoded or are over kiln.datasets.max-image-pixels. Refused if no image remains or a class "
					+ "folder is left without one.",
			requiredProperties = { "format", "name", "file", "height", "width", "channels" })
	record ImagesZipUpload(@Schema(allowableValues = {
			"images-zip" }, example = "images-zip") String format,
			@Schema(description = NAME_DESCRIPTION, example = "pets") String name,
			@Schema(type = "string", format = "binary", description = "The zip file") String file,
			@Schema(types = "integer", description = "Height every image is resized to, 1 to 1024", minimum = "1",
					maximum = "1024", example = "64") String height,
			@Schema(types = "integer", description = "Width every image is resized to, 1 to 1024", minimum = "1",
					maximum = "1024", example = "64") String width,
			@Schema(description = "1: greyscale luminance (0.299 R + 0.587 G + 0.114 B); 3: red, green, blue",
					allowableValues = { "1", "3" }, example = "3") String channels,
			@Schema(description = NORMALIZATION_DESCRIPTION, allowableValues = { "none", "minmax", "standardize" },
					example = "minmax") String normalization){
	}

}
