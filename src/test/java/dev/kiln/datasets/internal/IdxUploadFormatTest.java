package dev.kiln.datasets.internal;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.kiln.web.InvalidField;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.core.io.ByteArrayResource;
import org.springframework.core.io.InputStreamSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class IdxUploadFormatTest {

	@TempDir
	Path dir;

	@Test
	void countsTheTestSetAgainstTheRowLimit() throws IOException {
		IdxUploadFormat format = new IdxUploadFormat(
				new Binder(new MapConfigurationPropertySource(Map.of("kiln.datasets.max-rows", "5")))
					.bindOrCreate("kiln.datasets", DatasetProperties.class));
		Map<String, InputStreamSource> parts = new LinkedHashMap<>();
		parts.put("images", new ByteArrayResource(IdxFiles.images(4, 2, 2)));
		parts.put("labels", new ByteArrayResource(IdxFiles.labels(0, 1, 0, 1)));
		parts.put("testImages", new ByteArrayResource(IdxFiles.images(2, 2, 2)));
		parts.put("testLabels", new ByteArrayResource(IdxFiles.labels(0, 1)));
		List<InvalidField> errors = new ArrayList<>();
		UploadFormat.PartsReader reader = format.prepare(UploadRequest.of(Map.of(), parts), errors);
		assertThat(errors).isEmpty();
		try (StagedUpload staged = StagedUpload.stage(this.dir, format.parts(), parts, 1 << 20)) {
			DatasetFormatException ex = assertThatExceptionOfType(DatasetFormatException.class)
				.isThrownBy(() -> reader.read(staged, (row) -> {
				}))
				.actual();
			assertThat(ex.field()).isEqualTo("testLabels");
			assertThat(ex).hasMessage("holds 2 labels; with the 4 of labels that makes more than the limit of 5 rows "
					+ "(kiln.datasets.max-rows)");
		}
	}

	@Test
	void holdsClassNamesToTheNameStandardAndKeepsThemInNfc() {
		assertThat(IdxUploadFormat.parseClassNames("T-shirt/top, cafe\u0301")).containsExactly("T-shirt/top",
				"caf\u00e9");
		assertThatExceptionOfType(IllegalArgumentException.class)
			.isThrownBy(() -> IdxUploadFormat.parseClassNames("caf\u00e9,cafe\u0301"))
			.withMessage("'caf\u00e9' names two classes");
		assertThatExceptionOfType(IllegalArgumentException.class)
			.isThrownBy(() -> IdxUploadFormat.parseClassNames("cat,\u202egod"))
			.withMessage("the name of class 1 contains the invisible format character U+202E RIGHT-TO-LEFT OVERRIDE "
					+ "at position 1");
		assertThatExceptionOfType(IllegalArgumentException.class)
			.isThrownBy(() -> IdxUploadFormat.parseClassNames("cat," + "d".repeat(201)))
			.withMessage("the name of class 1 must be at most 200 characters; got 201");
	}

}
