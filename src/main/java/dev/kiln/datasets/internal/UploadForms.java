package dev.kiln.datasets.internal;

import io.swagger.v3.oas.annotations.media.Schema;

/**
 * The multipart forms of {@code POST /api/v1/datasets}, one per format, as the API
 * documentation shows them. The controller reads the request itself so that it can name
 * unknown fields; these records only describe it.
 */
final class UploadForms {

	static final String NAME_DESCRIPTION = "Unique among the datasets not deleted: 1-100 letters, digits, '-', '_' "
			+ "or '.'";

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

}
