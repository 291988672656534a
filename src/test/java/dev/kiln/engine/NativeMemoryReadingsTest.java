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

}
