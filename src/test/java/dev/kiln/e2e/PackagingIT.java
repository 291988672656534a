package dev.kiln.e2e;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.JarFile;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The executable jar users pull stays small: one linux-x86_64 oneDNN build of ND4J's
 * natives, DL4J's network module and not deeplearning4j-core's OpenCV, FFmpeg, HDF5 and
 * Leptonica natives.
 */
class PackagingIT {

	private static final long MAX_BYTES = 250L * 1024 * 1024;

	@Test
	void theExecutableJarIsUnder250MegabytesWithOnlyTheOneDnnNatives() throws IOException {
		Path jar = executableJar();
		assertThat(Files.size(jar)).as("size of " + jar).isLessThan(MAX_BYTES);

		List<String> libraries;
		try (JarFile file = new JarFile(jar.toFile())) {
			libraries = file.stream()
				.map((entry) -> entry.getName())
				.filter((name) -> name.startsWith("BOOT-INF/lib/"))
				.map((name) -> name.substring("BOOT-INF/lib/".length()))
				.toList();
		}
		assertThat(libraries).anyMatch((name) -> name.matches("nd4j-native-.*-linux-x86_64-onednn-avx(2|512)\\.jar"))
			.noneMatch((name) -> name.matches("nd4j-native-[0-9.A-Z-]+-linux-x86_64\\.jar"))
			.noneMatch((name) -> name.matches("(nd4j|openblas|javacpp|cuda|mkl).*-platform.*"))
			.noneMatch((name) -> name.startsWith("deeplearning4j-core"))
			.noneMatch((name) -> name.startsWith("opencv") || name.startsWith("ffmpeg") || name.startsWith("hdf5")
					|| name.startsWith("leptonica"))
			.anyMatch((name) -> name.startsWith("deeplearning4j-nn-"));
	}

	private static Path executableJar() throws IOException {
		try (Stream<Path> files = Files.list(Path.of("target"))) {
			return files.filter((path) -> path.getFileName().toString().matches("kiln-.*\\.jar"))
				.filter((path) -> !path.getFileName().toString().endsWith(".original"))
				.findFirst()
				.orElseThrow(() -> new AssertionError("no executable jar in target/: run the package phase first"));
		}
	}

}
