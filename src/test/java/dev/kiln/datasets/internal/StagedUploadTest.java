package dev.kiln.datasets.internal;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import dev.kiln.storage.FullDisks;
import dev.kiln.storage.StorageFullException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.core.io.ByteArrayResource;
import org.springframework.core.io.InputStreamSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class StagedUploadTest {

	@TempDir
	Path dir;

	@Test
	void anUploadWhosePartsDoNotFitOnTheDiskLeavesNoTemporaryFile() throws IOException {
		// the second part's copy fails with ENOSPC (raised here by the source's read; a
		// full disk raises it from the copy's write, in the same try): the first part's
		// copy goes too
		InputStreamSource fillsTheDisk = () -> new InputStream() {

			private final InputStream bytes = new ByteArrayInputStream(new byte[1000]);

			@Override
			public int read() throws IOException {
				int b = this.bytes.read();
				if (b < 0) {
					throw FullDisks.noSpaceLeft(StagedUploadTest.this.dir.resolve("labels.part.tmp"));
				}
				return b;
			}

		};
		Map<String, InputStreamSource> parts = Map.of("images", new ByteArrayResource(new byte[2000]), "labels",
				fillsTheDisk);

		assertThatExceptionOfType(StorageFullException.class)
			.isThrownBy(() -> StagedUpload.stage(this.dir, List.of("images", "labels"), parts, 1 << 20))
			.withMessage("no space left on " + this.dir + " to write the upload's parts");
		try (Stream<Path> files = Files.list(this.dir)) {
			assertThat(files).isEmpty();
		}
	}

}
