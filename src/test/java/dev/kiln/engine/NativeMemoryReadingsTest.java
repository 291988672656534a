package dev.kiln.engine;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class NativeMemoryReadingsTest {

	@Test
	void javacppRefusalsAreOffHeapExhaustionWhereverTheyAreInTheCauses() {
		assertThat(NativeRuntime.isOffHeapExhaustion(
				new OutOfMemoryError("Cannot allocate new LongPointer(1): totalBytes = 256, physicalBytes = 1239M")))
			.isTrue();
		assertThat(NativeRuntime.isOffHeapExhaustion(new IllegalStateException("Training failed in epoch 1",
				new OutOfMemoryError(
						"Physical memory usage is too high: physicalBytes (1239M) > maxPhysicalBytes (1000M)"))))
			.isTrue();
		assertThat(NativeRuntime.isOffHeapExhaustion(
				new OutOfMemoryError("Failed to allocate memory within limits: totalBytes (1G + 8M) > maxBytes (1G)")))
			.isTrue();
	}

	@Test
	void heapExhaustionAndOtherFailuresAreNot() {
		assertThat(NativeRuntime.isOffHeapExhaustion(new OutOfMemoryError("Java heap space"))).isFalse();
		assertThat(NativeRuntime.isOffHeapExhaustion(new IllegalStateException("Cannot allocate a name"))).isFalse();
		assertThat(NativeRuntime.isOffHeapExhaustion(new OutOfMemoryError())).isFalse();
	}

	@Test
	void residentMemoryOutsideTheHeapGrowsWithAnArrayAndThePeakRemembersIt() {
		NativeRuntime.resetPeakOffHeapBytes();
		long before = NativeRuntime.offHeapBytes();
		// 64 MB, written so that its pages are resident
		org.nd4j.linalg.api.ndarray.INDArray array = org.nd4j.linalg.factory.Nd4j
			.ones(org.nd4j.linalg.api.buffer.DataType.FLOAT, 16L * 1024 * 1024);
		long during = NativeRuntime.offHeapBytes();

		assertThat(NativeRuntime.physicalBytes()).isGreaterThan(during);
		assertThat(during - before).isGreaterThan(48L * 1024 * 1024);
		assertThat(NativeRuntime.peakOffHeapBytes()).isGreaterThanOrEqualTo(during);
		assertThat(array.sumNumber().longValue()).isEqualTo(16L * 1024 * 1024);
	}

}
