package dev.kiln.datasets.internal;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class ZipEntryPathsTest {

	@Test
	void normalisesEmptyAndDotSegments() {
		assertThat(ZipEntryPaths.segments("pets/cat/a.png")).containsExactly("pets", "cat", "a.png");
		assertThat(ZipEntryPaths.segments("./cat//a.png")).containsExactly("cat", "a.png");
		assertThat(ZipEntryPaths.segments("cat/")).containsExactly("cat");
	}

	@Test
	void refusesNamesThatEscapeTheArchiveNamingThem() {
		assertThat(refusal("../evil.png")).isEqualTo("entry '../evil.png' climbs out of its folder with '..': its "
				+ "path escapes the archive's folder (zip slip)");
		assertThat(refusal("cat/../../evil.png")).contains("'..'");
		assertThat(refusal("/etc/cron.d/evil.png")).contains("is an absolute path");
		assertThat(refusal("C:/Windows/evil.png")).contains("starts with a drive letter");
		assertThat(refusal("cat\\..\\evil.png")).contains("contains a backslash");
	}

	private static String refusal(String name) {
		DatasetFormatException ex = assertThatExceptionOfType(DatasetFormatException.class)
			.isThrownBy(() -> ZipEntryPaths.segments(name))
			.actual();
		assertThat(ex.field()).isEqualTo("file");
		return ex.getMessage();
	}

}
