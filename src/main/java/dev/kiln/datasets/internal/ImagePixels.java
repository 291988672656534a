package dev.kiln.datasets.internal;

import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ComponentColorModel;
import java.awt.image.Raster;

/**
 * Turns a decoded image into one dataset row: resized with bilinear interpolation to
 * {@code height x width}, in 1 channel (greyscale luminance) or 3 (red, green, blue),
 * stored channel-first ({@code c, h, w}) as raw 0..255 values. Alpha is ignored.
 * <p>
 * Resizing samples the source at pixel centres ({@code (x + 0.5) * scale - 0.5}, clamped
 * to the edges), as OpenCV's and Pillow's bilinear resize do, so an image already of the
 * target size comes out unchanged. Greyscale sources are read from their raster rather
 * than through {@link BufferedImage#getRGB}, which would convert their linear grey to
 * sRGB and change the values; luminance of colour sources is
 * {@code 0.299 R + 0.587 G + 0.114 B} (ITU-R BT.601, as Pillow's "L" mode).
 */
final class ImagePixels {

	private ImagePixels() {
	}

	/**
	 * Writes the image into {@code row}, which holds {@code channels * height * width}
	 * values.
	 */
	static void toRow(BufferedImage image, int height, int width, int channels, float[] row) {
		Source source = source(image);
		Axis xs = new Axis(image.getWidth(), width);
		Axis ys = new Axis(image.getHeight(), height);
		float[] topLeft = new float[3];
		float[] topRight = new float[3];
		float[] bottomLeft = new float[3];
		float[] bottomRight = new float[3];
		int plane = height * width;
		for (int y = 0; y < height; y++) {
			for (int x = 0; x < width; x++) {
				source.read(xs.low[x], ys.low[y], topLeft);
				source.read(xs.high[x], ys.low[y], topRight);
				source.read(xs.low[x], ys.high[y], bottomLeft);
				source.read(xs.high[x], ys.high[y], bottomRight);
				float fx = xs.fraction[x];
				float fy = ys.fraction[y];
				int at = y * width + x;
				if (channels == 1) {
					float top = lerp(luminance(topLeft), luminance(topRight), fx);
					float bottom = lerp(luminance(bottomLeft), luminance(bottomRight), fx);
					row[at] = lerp(top, bottom, fy);
				}
				else {
					for (int c = 0; c < 3; c++) {
						float top = lerp(topLeft[c], topRight[c], fx);
						float bottom = lerp(bottomLeft[c], bottomRight[c], fx);
						row[c * plane + at] = lerp(top, bottom, fy);
					}
				}
			}
		}
	}

	private static float lerp(float a, float b, float t) {
		return a + (b - a) * t;
	}

	private static float luminance(float[] rgb) {
		return (rgb[0] == rgb[1] && rgb[1] == rgb[2]) ? rgb[0] : 0.299f * rgb[0] + 0.587f * rgb[1] + 0.114f * rgb[2];
	}

	private static Source source(BufferedImage image) {
		if (image.getColorModel() instanceof ComponentColorModel model
				&& model.getColorSpace().getType() == ColorSpace.TYPE_GRAY && model.getNumColorComponents() == 1) {
			Raster raster = image.getRaster();
			float scale = 255f / ((1L << model.getComponentSize(0)) - 1);
			return (x, y, rgb) -> {
				float grey = raster.getSample(x, y, 0) * scale;
				rgb[0] = grey;
				rgb[1] = grey;
				rgb[2] = grey;
			};
		}
		return (x, y, rgb) -> {
			int argb = image.getRGB(x, y);
			rgb[0] = (argb >> 16) & 0xff;
			rgb[1] = (argb >> 8) & 0xff;
			rgb[2] = argb & 0xff;
		};
	}

	/** Reads one source pixel as red, green and blue. */
	@FunctionalInterface
	private interface Source {

		void read(int x, int y, float[] rgb);

	}

	/**
	 * For each target coordinate: the two source coordinates around it and its weight.
	 */
	private static final class Axis {

		final int[] low;

		final int[] high;

		final float[] fraction;

		Axis(int sourceSize, int targetSize) {
			this.low = new int[targetSize];
			this.high = new int[targetSize];
			this.fraction = new float[targetSize];
			double scale = (double) sourceSize / targetSize;
			for (int i = 0; i < targetSize; i++) {
				double at = Math.min(Math.max((i + 0.5) * scale - 0.5, 0), sourceSize - 1);
				int low = (int) Math.floor(at);
				this.low[i] = low;
				this.high[i] = Math.min(low + 1, sourceSize - 1);
				this.fraction[i] = (float) (at - low);
			}
		}

	}

}
