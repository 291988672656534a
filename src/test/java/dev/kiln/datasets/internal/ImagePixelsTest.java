package dev.kiln.datasets.internal;

import java.awt.image.BufferedImage;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class ImagePixelsTest {

	@Test
	void keepsAnImageOfTheTargetSizeAsItIsChannelFirst() {
		BufferedImage image = new BufferedImage(2, 1, BufferedImage.TYPE_INT_RGB);
		image.setRGB(0, 0, 0x102030);
		image.setRGB(1, 0, 0x405060);
		float[] row = new float[6];
		ImagePixels.toRow(image, 1, 2, 3, row);
		assertThat(row).containsExactly(0x10, 0x40, 0x20, 0x50, 0x30, 0x60);
	}

	@Test
	void readsGreyImagesFromTheirRasterWithoutColourConversion() {
		BufferedImage grey = TestZips.grey(2, 2, (x, y) -> 100 + x + 10 * y);
		float[] one = new float[4];
		ImagePixels.toRow(grey, 2, 2, 1, one);
		assertThat(one).containsExactly(100, 101, 110, 111);
		float[] three = new float[12];
		ImagePixels.toRow(grey, 2, 2, 3, three);
		assertThat(three).containsExactly(100, 101, 110, 111, 100, 101, 110, 111, 100, 101, 110, 111);
	}

	@Test
	void turnsColourIntoLuminance() {
		float[] row = new float[1];
		ImagePixels.toRow(TestZips.solid(1, 1, 0xff0000), 1, 1, 1, row);
		assertThat(row[0]).isCloseTo(76.245f, within(1e-3f));
		ImagePixels.toRow(TestZips.solid(3, 3, 0x808080), 1, 1, 1, row);
		assertThat(row[0]).isEqualTo(128f);
	}

	@Test
	void interpolatesBilinearlyBetweenPixelCentres() {
		BufferedImage line = TestZips.grey(2, 1, (x, y) -> x * 100);
		float[] wide = new float[4];
		ImagePixels.toRow(line, 1, 4, 1, wide);
		assertThat(wide).containsExactly(0, 25, 75, 100);
		BufferedImage square = TestZips.grey(4, 4, (x, y) -> x * 10 + y * 40);
		float[] half = new float[4];
		ImagePixels.toRow(square, 2, 2, 1, half);
		// each target pixel is the mean of a 2x2 block
		assertThat(half).containsExactly(25, 45, 105, 125);
	}

}
