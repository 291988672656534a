package dev.kiln.engine;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIOException;

class ModelFilesTest {

	@TempDir
	Path dir;

	@Test
	void missingFileIsReportedAsMissing() {
		assertThatExceptionOfType(NoSuchFileException.class)
			.isThrownBy(() -> ModelFiles.load(this.dir.resolve("absent.zip")));
	}

	@Test
	void fileThatIsNotAModelIsRejected() throws IOException {
		Path junk = Files.writeString(this.dir.resolve("junk.zip"), "not a model");

		assertThatIOException().isThrownBy(() -> ModelFiles.load(junk));
	}

}
