package dev.kiln.bench;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

import tools.jackson.databind.JsonNode;

/**
 * Fashion-MNIST (or any MNIST-format set) read from its four gzipped IDX files: the first
 * {@code trainRows} training images and every test image, pixels as stored (0 to 255).
 */
public record FashionMnist(int height, int width, byte[] trainPixels, int[] trainLabels, byte[] testPixels,
		int[] testLabels) {

	static final String TRAIN_IMAGES = "train-images-idx3-ubyte.gz";

	static final String TRAIN_LABELS = "train-labels-idx1-ubyte.gz";

	static final String TEST_IMAGES = "t10k-images-idx3-ubyte.gz";

	static final String TEST_LABELS = "t10k-labels-idx1-ubyte.gz";

	static final String CLASS_NAMES = "T-shirt/top,Trouser,Pullover,Dress,Coat,Sandal,Shirt,Sneaker,Bag,Ankle boot";

	static final int CLASSES = 10;

	public static FashionMnist read(Path folder, int trainRows) throws IOException {
		Images train = images(folder.resolve(TRAIN_IMAGES), trainRows);
		int[] trainLabels = labels(folder.resolve(TRAIN_LABELS), train.count());
		Images test = images(folder.resolve(TEST_IMAGES), Integer.MAX_VALUE);
		int[] testLabels = labels(folder.resolve(TEST_LABELS), test.count());
		return new FashionMnist(train.height(), train.width(), train.pixels(), trainLabels, test.pixels(), testLabels);
	}

	/**
	 * Registers the four IDX files in {@code folder} with Kiln as users do (docs/datasets.md,
	 * "Fashion-MNIST and the course's recipes"): {@code format=idx},
	 * {@code normalization=minmax}, the class names; answers the dataset (id, rows,
	 * testRows, ...).
	 */
	static JsonNode register(ApiClient kiln, Path folder, String name) throws IOException {
		return kiln.upload("/api/v1/datasets",
				Map.of("format", "idx", "name", name, "normalization", "minmax", "classNames", CLASS_NAMES),
				Map.of("images", folder.resolve(TRAIN_IMAGES), "labels", folder.resolve(TRAIN_LABELS), "testImages",
						folder.resolve(TEST_IMAGES), "testLabels", folder.resolve(TEST_LABELS)));
	}

	public int pixelsPerImage() {
		return this.height * this.width;
	}

	public int trainCount() {
		return this.trainLabels.length;
	}

	int testCount() {
		return this.testLabels.length;
	}

	/** Writes these images back as the four IDX files, into {@code folder}. */
	void write(Path folder) throws IOException {
		Files.createDirectories(folder);
		writeImages(folder.resolve(TRAIN_IMAGES), this.trainPixels, trainCount());
		writeLabels(folder.resolve(TRAIN_LABELS), this.trainLabels);
		writeImages(folder.resolve(TEST_IMAGES), this.testPixels, testCount());
		writeLabels(folder.resolve(TEST_LABELS), this.testLabels);
	}

	/** Image {@code row} of the test set as raw pixel values. */
	float[] testImage(int row) {
		float[] image = new float[pixelsPerImage()];
		for (int i = 0; i < image.length; i++) {
			image[i] = this.testPixels[row * image.length + i] & 0xFF;
		}
		return image;
	}

	private record Images(int count, int height, int width, byte[] pixels) {
	}

	private static Images images(Path file, int limit) throws IOException {
		try (DataInputStream in = open(file)) {
			expectMagic(in.readInt(), 2051, file);
			int count = Math.min(in.readInt(), limit);
			int height = in.readInt();
			int width = in.readInt();
			byte[] pixels = new byte[count * height * width];
			in.readFully(pixels);
			return new Images(count, height, width, pixels);
		}
	}

	private static int[] labels(Path file, int count) throws IOException {
		try (DataInputStream in = open(file)) {
			expectMagic(in.readInt(), 2049, file);
			int stored = in.readInt();
			if (stored < count) {
				throw new IOException(file + " holds " + stored + " labels for " + count + " images");
			}
			int[] labels = new int[count];
			for (int i = 0; i < count; i++) {
				labels[i] = in.readUnsignedByte();
			}
			return labels;
		}
	}

	private void writeImages(Path file, byte[] pixels, int count) throws IOException {
		try (DataOutputStream out = create(file)) {
			out.writeInt(2051);
			out.writeInt(count);
			out.writeInt(this.height);
			out.writeInt(this.width);
			out.write(pixels, 0, count * pixelsPerImage());
		}
	}

	private static void writeLabels(Path file, int[] labels) throws IOException {
		try (DataOutputStream out = create(file)) {
			out.writeInt(2049);
			out.writeInt(labels.length);
			for (int label : labels) {
				out.writeByte(label);
			}
		}
	}

	private static DataInputStream open(Path file) throws IOException {
		InputStream raw = Files.newInputStream(file);
		return new DataInputStream(new GZIPInputStream(raw, 1 << 16));
	}

	private static DataOutputStream create(Path file) throws IOException {
		OutputStream raw = Files.newOutputStream(file);
		return new DataOutputStream(new GZIPOutputStream(raw, 1 << 16));
	}

	private static void expectMagic(int magic, int expected, Path file) throws IOException {
		if (magic != expected) {
			throw new IOException(file + " is not an IDX file of the expected kind (magic " + magic + ")");
		}
	}

}
