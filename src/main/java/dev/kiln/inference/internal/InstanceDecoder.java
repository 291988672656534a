package dev.kiln.inference.internal;

import java.util.List;

import dev.kiln.web.InvalidField;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.exc.JsonNodeException;

/**
 * Turns the {@code instances} of a predict request into flat feature rows in the order
 * the model takes them. An instance is either a flat array of all features, or nested
 * arrays in the input's shape: {@code [height][width]
 * [channels]} for images ({@code [height][width]} when there is one channel), which are
 * reordered channel-first.
 */
final class InstanceDecoder {

	private final List<Integer> shape;

	private final int length;

	private final RawColumns rawColumns;

	/**
	 * @param rawColumns the columns of a tabular dataset with one-hot encoded columns, or
	 * null
	 */
	InstanceDecoder(List<Integer> shape, RawColumns rawColumns) {
		this.shape = List.copyOf(shape);
		this.length = shape.stream().reduce(1, (a, b) -> a * b);
		this.rawColumns = rawColumns;
	}

	/** Decodes every instance, or reports each one that does not fit. */
	float[][] decode(List<JsonNode> instances, List<InvalidField> errors) {
		float[][] rows = new float[instances.size()][];
		for (int i = 0; i < instances.size(); i++) {
			String path = "$.instances[" + i + "]";
			try {
				rows[i] = decode(instances.get(i), path);
			}
			catch (BadInstance ex) {
				errors.add(new InvalidField(ex.path, ex.getMessage()));
			}
		}
		return rows;
	}

	private float[] decode(JsonNode instance, String path) {
		if (instance == null || !instance.isArray()) {
			throw new BadInstance(path,
					"must be an array of " + this.length + " numbers or nested arrays of shape " + this.shape);
		}
		if (this.rawColumns != null && instance.size() == this.rawColumns.size()) {
			return this.rawColumns.expand(instance, path);
		}
		boolean flat = instance.size() == 0 || !instance.get(0).isArray();
		if (flat) {
			if (instance.size() != this.length) {
				throw new BadInstance(path,
						"has " + instance.size() + " values but the model takes " + this.length + " (shape "
								+ this.shape + ")"
								+ ((this.rawColumns != null) ? " or one per column " + this.rawColumns.names() : ""));
			}
			float[] row = new float[this.length];
			for (int i = 0; i < this.length; i++) {
				row[i] = number(instance.get(i), path, i);
			}
			return row;
		}
		if (this.shape.size() == 3) {
			return image(instance, path);
		}
		throw new BadInstance(path, "must be a flat array of " + this.length + " numbers (shape " + this.shape + ")");
	}

	/** [h][w][c] (or [h][w] with one channel) to channel-first order. */
	private float[] image(JsonNode instance, String path) {
		int height = this.shape.get(0);
		int width = this.shape.get(1);
		int channels = this.shape.get(2);
		if (instance.size() != height) {
			throw new BadInstance(path,
					"has " + instance.size() + " rows but the image is " + height + " high (shape " + this.shape + ")");
		}
		float[] row = new float[this.length];
		for (int y = 0; y < height; y++) {
			JsonNode line = instance.get(y);
			String linePath = path + "[" + y + "]";
			if (!line.isArray() || line.size() != width) {
				throw new BadInstance(linePath, "must hold " + width + " pixels (shape " + this.shape + ")");
			}
			for (int x = 0; x < width; x++) {
				JsonNode pixel = line.get(x);
				if (pixel.isArray()) {
					if (pixel.size() != channels) {
						throw new BadInstance(linePath + "[" + x + "]", "must hold " + channels + " channel value(s)");
					}
					for (int c = 0; c < channels; c++) {
						float value = acceptedOrNaN(pixel.get(c));
						row[(c * height + y) * width + x] = Float.isNaN(value)
								? number(pixel.get(c), linePath + "[" + x + "][" + c + "]") : value;
					}
				}
				else if (channels == 1) {
					row[y * width + x] = number(pixel, linePath, x);
				}
				else {
					throw new BadInstance(linePath + "[" + x + "]",
							"must be an array of " + channels + " channel values");
				}
			}
		}
		return row;
	}

	/**
	 * The value of element {@code index} of the array at {@code parent}. Its path is
	 * built only to report a bad value: per value, that concatenation cost more than the
	 * rest of the decoding.
	 */
	private static float number(JsonNode node, String parent, int index) {
		float value = acceptedOrNaN(node);
		return Float.isNaN(value) ? number(node, parent + "[" + index + "]") : value;
	}

	/**
	 * The node's value if {@link #number(JsonNode, String)} accepts it, else NaN (which
	 * it never accepts).
	 */
	private static float acceptedOrNaN(JsonNode node) {
		if (node == null || !node.isNumber()) {
			return Float.NaN;
		}
		try {
			float value = node.floatValue();
			return Float.isFinite(value) ? value : Float.NaN;
		}
		catch (JsonNodeException ex) {
			return Float.NaN;
		}
	}

	static float number(JsonNode node, String path) {
		if (node == null || !node.isNumber()) {
			throw new BadInstance(path, "must be a number");
		}
		float value;
		try {
			value = node.floatValue();
		}
		catch (JsonNodeException ex) {
			// 1e400, or an integer too long for a float: Jackson refuses to narrow it
			value = Float.NaN;
		}
		if (!Float.isFinite(value)) {
			throw new BadInstance(path, "must be a finite number within the range of a 32-bit float");
		}
		return value;
	}

	static final class BadInstance extends RuntimeException {

		private final String path;

		BadInstance(String path, String message) {
			super(message);
			this.path = path;
		}

	}

}
