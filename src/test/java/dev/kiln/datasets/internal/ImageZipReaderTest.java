package dev.kiln.datasets.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.within;

class ImageZipReaderTest {

	private static final ImageZipReader.Limits LIMITS = new ImageZipReader.Limits(1000, 50, 200, 1 << 20, 4 << 20,
			10_000);

	@TempDir
	Path dir;

	private final List<float[]> rows = new ArrayList<>();

	private final SkippedEntries skipped = new SkippedEntries();

	@Test
	void readsClassFoldersUnderOneTopLevelFolderSkippingAndReportingTheRest() throws IOException {
		Map<String, byte[]> entries = TestZips.entries();
		entries.put("pets/", new byte[0]);
		entries.put("pets/cat/a.png", TestZips.encode(TestZips.solid(4, 4, 0x0000ff), "png"));
		entries.put("pets/cat/b.JPG", TestZips.encode(TestZips.solid(8, 6, 0x00ff00), "jpg"));
		entries.put("pets/dog/c.png", TestZips.encode(TestZips.grey(3, 3, (x, y) -> 200), "png"));
		entries.put("pets/dog/d.gif", TestZips.encode(TestZips.solid(2, 2, 0xff0000), "gif"));
		entries.put("pets/dog/e.bmp", TestZips.encode(TestZips.solid(5, 5, 0xffffff), "bmp"));
		entries.put("pets/readme.txt", "hello".getBytes());
		entries.put("pets/dog/notes.txt", "woof".getBytes());
		entries.put("pets/cat/broken.png", "not really a png".getBytes());
		entries.put("__MACOSX/pets/cat/._a.png", new byte[] { 0, 5, 22, 7 });
		entries.put("pets/cat/.DS_Store", new byte[] { 0 });

		ParsedDataset parsed = read(entries, 2, 2, 3);

		assertThat(parsed.classNames()).containsExactly("cat", "dog");
		assertThat(parsed.labels()).containsExactly(0, 0, 1, 1, 1);
		assertThat(parsed.featureShape()).containsExactly(2, 2, 3);
		assertThat(parsed.featureNames()).hasSize(12).startsWith("p0").endsWith("p11");
		// channel-first: 4 blue values, then green, then red
		assertThat(this.rows.get(0)).containsExactly(0, 0, 0, 0, 0, 0, 0, 0, 255, 255, 255, 255);
		assertThat(this.rows.get(1)[4]).isCloseTo(255f, within(3f));
		assertThat(this.rows.get(2)).containsOnly(200f);
		assertThat(this.rows.get(3)).startsWith(255, 255, 255, 255, 0);
		assertThat(this.rows.get(4)).containsOnly(255f);
		assertThat(this.skipped.count()).isEqualTo(5);
		assertThat(this.skipped.listed()).extracting(SkippedEntries.Entry::entry)
			.containsExactly("__MACOSX/pets/cat/._a.png", "pets/cat/.DS_Store", "pets/readme.txt", "pets/dog/notes.txt",
					"pets/cat/broken.png");
		assertThat(this.skipped.listed()).extracting(SkippedEntries.Entry::reason)
			.containsExactly("hidden file or macOS metadata", "hidden file or macOS metadata",
					"not directly inside a class folder",
					"unsupported file type '.txt'; expected png, jpg, jpeg, gif or bmp",
					"not an image javax.imageio can decode");
	}

	@Test
	void convertsColourToGreyAndGreyToColour() throws IOException {
		Map<String, byte[]> entries = TestZips.entries();
		entries.put("red/a.png", TestZips.encode(TestZips.solid(3, 3, 0xff0000), "png"));
		entries.put("grey/b.png", TestZips.encode(TestZips.grey(3, 3, (x, y) -> 90), "png"));
		read(entries, 1, 1, 1);
		assertThat(this.rows.get(0)[0]).isCloseTo(76.245f, within(1e-3f));
		assertThat(this.rows.get(1)).containsExactly(90);
		this.rows.clear();
		read(entries, 1, 1, 3);
		assertThat(this.rows.get(0)).containsExactly(255, 0, 0);
		assertThat(this.rows.get(1)).containsExactly(90, 90, 90);
	}

	@Test
	void refusesZipSlipNamingTheEntry() {
		Map<String, byte[]> entries = validEntries();
		entries.put("cat/../../../etc/evil.png", png());
		assertThat(refusal(entries)).startsWith("entry 'cat/../../../etc/evil.png' climbs out of its folder");
		Map<String, byte[]> absolute = validEntries();
		absolute.put("/tmp/evil.png", png());
		assertThat(refusal(absolute)).startsWith("entry '/tmp/evil.png' is an absolute path");
	}

	@Test
	void refusesAnEntryThatInflatesPastTheLimitWhateverItsHeaderSays() {
		Map<String, byte[]> bomb = validEntries();
		bomb.put("cat/big.png", new byte[3 << 20]);
		byte[] zip = TestZips.zip(bomb);
		assertThat(zip.length).isLessThan(10_000);
		assertThat(refusal(zip)).isEqualTo(
				"entry 'cat/big.png' inflates to more than 1,048,576 bytes " + "(kiln.datasets.max-entry-bytes)");
	}

	@Test
	void refusesAnArchiveThatInflatesPastTheTotalLimit() {
		Map<String, byte[]> many = validEntries();
		for (int i = 0; i < 6; i++) {
			byte[] almostAMegabyte = new byte[1000_000];
			almostAMegabyte[0] = (byte) 0x89;
			many.put("dog/big" + i + ".png", almostAMegabyte);
		}
		assertThat(refusal(many)).isEqualTo("the archive inflates to more than 4,194,304 bytes "
				+ "(kiln.datasets.max-uncompressed-bytes), reached at entry 'dog/big4.png'");
	}

	@Test
	void refusesTooManyEntriesBeforeReadingAny() {
		Map<String, byte[]> entries = validEntries();
		for (int i = 0; i < 200; i++) {
			entries.put("cat/" + i + ".txt", new byte[0]);
		}
		assertThat(refusal(entries))
			.isEqualTo("the archive has 202 entries, more than the limit of 200 " + "(kiln.datasets.max-zip-entries)");
	}

	@Test
	void refusesNestedZipsByNameOrContent() {
		Map<String, byte[]> byName = validEntries();
		byName.put("cat/more.zip", TestZips.zip(validEntries()));
		assertThat(refusal(byName))
			.isEqualTo("entry 'cat/more.zip' is a zip archive: nested archives are not " + "accepted");
		Map<String, byte[]> byContent = validEntries();
		byContent.put("cat/more.png", TestZips.zip(validEntries()));
		assertThat(refusal(byContent)).startsWith("entry 'cat/more.png' is a zip archive");
	}

	@Test
	void refusesAClassLeftWithoutImagesOrAnArchiveWithoutAny() {
		Map<String, byte[]> emptyClass = TestZips.entries();
		emptyClass.put("cat/a.png", png());
		emptyClass.put("dog/a.txt", new byte[1]);
		assertThat(refusal(emptyClass)).startsWith("class folder 'dog' holds no image that could be decoded; "
				+ "skipped 'dog/a.txt': unsupported file type '.txt'");
		Map<String, byte[]> none = TestZips.entries();
		none.put("cat/a.png", new byte[] { 1, 2, 3 });
		none.put("dog/b.png", new byte[] { 4, 5, 6 });
		assertThat(refusal(none)).startsWith("the archive holds no image that could be decoded; skipped");
		Map<String, byte[]> oneClass = TestZips.entries();
		oneClass.put("cat/a.png", png());
		assertThat(refusal(oneClass)).startsWith("the archive has 1 class folder(s) [cat]");
		assertThat(refusal("PK but not a zip".getBytes())).startsWith("is not a valid zip archive");
	}

	@Test
	void skipsImagesOverThePixelLimitWithoutDecodingThem() throws IOException {
		Map<String, byte[]> entries = validEntries();
		entries.put("dog/huge.png", TestZips.encode(TestZips.solid(200, 100, 0), "png"));
		read(entries, 2, 2, 1);
		assertThat(this.skipped.listed()).extracting(SkippedEntries.Entry::reason)
			.containsExactly("200x100 pixels, more than the limit of 10,000 (kiln.datasets.max-image-pixels)");
	}

	@Test
	void listsTheFirstHundredSkippedEntriesAndCountsThemAll() throws IOException {
		Map<String, byte[]> entries = validEntries();
		for (int i = 0; i < 150; i++) {
			entries.put("cat/" + i + ".txt", new byte[0]);
		}
		read(entries, 2, 2, 1);
		assertThat(this.skipped.count()).isEqualTo(150);
		assertThat(this.skipped.listed()).hasSize(100);
	}

	@Test
	void refusesAClassFolderWhoseNameHasAControlOrFormatCharacterNamingTheEntry() {
		Map<String, byte[]> entries = validEntries();
		entries.put("ca\nts/c.png", png());
		assertThat(refusal(entries)).isEqualTo("entry 'ca<U+000A>ts/c.png': the class folder's name contains the "
				+ "control character U+000A LINE FEED (LF) at position 3");
		Map<String, byte[]> bidi = TestZips.entries();
		bidi.put("pets/cat/a.png", png());
		bidi.put("pets/\u202egnp.exe/c.png", png());
		assertThat(refusal(bidi)).contains("entry 'pets/<U+202E>gnp.exe/c.png'")
			.contains("U+202E RIGHT-TO-LEFT OVERRIDE at position 1");
	}

	@Test
	void takesClassFoldersInNfcSoThatEquivalentNamesAreOneClass() throws IOException {
		Map<String, byte[]> entries = validEntries();
		entries.put("cafe\u0301/c.png", png());
		entries.put("caf\u00e9/d.png", png());

		ParsedDataset parsed = read(entries, 2, 2, 1);

		assertThat(parsed.classNames()).containsExactly("caf\u00e9", "cat", "dog");
		assertThat(parsed.labels()).containsExactly(1, 2, 0, 0);
	}

	private ParsedDataset read(Map<String, byte[]> entries, int height, int width, int channels) throws IOException {
		Path file = Files.write(this.dir.resolve("upload.zip"), TestZips.zip(entries));
		return new ImageZipReader(LIMITS).read(file, new ImageZipReader.ImageSize(height, width, channels),
				(row) -> this.rows.add(row.clone()), this.skipped);
	}

	private String refusal(Map<String, byte[]> entries) {
		return refusal(TestZips.zip(entries));
	}

	private String refusal(byte[] zip) {
		DatasetFormatException ex = assertThatExceptionOfType(DatasetFormatException.class).isThrownBy(() -> {
			Path file = Files.write(this.dir.resolve("upload.zip"), zip);
			new ImageZipReader(LIMITS).read(file, new ImageZipReader.ImageSize(2, 2, 1), (row) -> {
			}, this.skipped);
		}).actual();
		assertThat(ex.field()).isEqualTo("file");
		return ex.getMessage();
	}

	private static Map<String, byte[]> validEntries() {
		Map<String, byte[]> entries = TestZips.entries();
		entries.put("cat/a.png", png());
		entries.put("dog/b.png", TestZips.encode(TestZips.solid(2, 2, 0x336699), "png"));
		return entries;
	}

	private static byte[] png() {
		return TestZips.encode(TestZips.solid(2, 2, 0x112233), "png");
	}

}
