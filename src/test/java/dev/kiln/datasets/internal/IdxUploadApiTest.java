package dev.kiln.datasets.internal;

import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

import dev.kiln.datasets.DatasetCatalog;
import dev.kiln.datasets.DatasetInfo;
import dev.kiln.datasets.DatasetSplit;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpStatus;
import org.springframework.mock.web.MockMultipartFile;
import org.springframework.test.web.servlet.assertj.MvcTestResult;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code format=idx} uploads through the API, with IDX files built in the test.
 */
class IdxUploadApiTest extends DatasetHttpTestSupport {

	@Autowired
	DatasetCatalog catalog;

	@Test
	void uploadsGzippedTrainingAndPlainTestFilesWithAFixedTestSet() throws Exception {
		byte[] images = IdxFiles.gzip(IdxFiles.images(6, 2, 3));
		byte[] labels = IdxFiles.gzip(IdxFiles.labels(0, 1, 2, 0, 1, 2));
		byte[] testImages = IdxFiles.images(3, 2, 3);
		byte[] testLabels = IdxFiles.labels(2, 2, 1);
		Map<String, byte[]> parts = new LinkedHashMap<>();
		parts.put("images", images);
		parts.put("labels", labels);
		parts.put("testImages", testImages);
		parts.put("testLabels", testLabels);
		JsonNode created = json(
				upload("idx-with-test", parts, Map.of("classNames", "cat, dog ,bird", "normalization", "minmax")),
				HttpStatus.CREATED);
		assertThat(created.get("normalization").asString()).isEqualTo("minmax");
		assertThat(created.get("format").asString()).isEqualTo("idx");
		assertThat(ints(created.get("featureShape"))).containsExactly(2, 3, 1);
		assertThat(strings(created.get("featureNames"))).containsExactly("p0", "p1", "p2", "p3", "p4", "p5");
		assertThat(strings(created.get("classNames"))).containsExactly("cat", "dog", "bird");
		assertThat(created.get("rows").asInt()).isEqualTo(9);
		assertThat(created.get("testRows").asInt()).isEqualTo(3);
		assertThat(created.get("sizeBytes").asLong())
			.isEqualTo(images.length + labels.length + testImages.length + testLabels.length);
		assertThat(created.get("sha256").asString()).isEqualTo(sha256(images, labels, testImages, testLabels));

		DatasetSplit split = this.catalog.split(UUID.fromString(created.get("id").asString()), 0.34, 0.9, 7);
		assertThat(split.test().labels()).containsExactly(2, 2, 1);
		assertThat(split.test().features()).startsWith(0, 1, 2, 3, 4, 5, 16);
		assertThat(split.validation().count()).isEqualTo(3);
		assertThat(split.train().count()).isEqualTo(3);
		assertThat(split.train().featureLength()).isEqualTo(6);
		assertThat(split.train().classes()).isEqualTo(3);
		// each training row is one of the training images, pixels as 0..255 values
		float first = split.train().features()[0];
		assertThat(first % 16).isZero();
		assertThat(split.train().features()[5]).isEqualTo(first + 5);
		assertNoLeftovers();
	}

	@Test
	void namesTheClassesByTheirLabelsWhenNoNamesAreGiven() {
		JsonNode created = json(upload("idx-plain", idx(5, 3, 3, 0, 4, 1, 2, 3)), HttpStatus.CREATED);
		assertThat(strings(created.get("classNames"))).containsExactly("0", "1", "2", "3", "4");
		assertThat(created.get("normalization").asString()).isEqualTo("none");
		assertThat(created.get("testRows").asInt()).isZero();
		DatasetInfo info = this.catalog.find(TENANT, "idx-plain").orElseThrow();
		assertThat(info.rows()).isEqualTo(5);
		assertThat(info.trainingRows()).isEqualTo(5);
	}

	@Test
	void refusesImagesAndLabelsOfDifferentCounts() {
		Map<String, byte[]> parts = idx(4, 2, 2, 0, 1, 0, 1);
		parts.put("labels", IdxFiles.labels(0, 1, 0, 1, 1));
		JsonNode problem = json(upload("idx-counts", parts), HttpStatus.BAD_REQUEST);
		assertThat(reason(problem, "images")).isEqualTo("holds 4 images but labels holds 5 labels");
		assertThat(problem.get("detail").asString()).isEqualTo("images: holds 4 images but labels holds 5 labels");
		assertThat(this.catalog.find(TENANT, "idx-counts")).isEmpty();
		assertNoLeftovers();
	}

	@Test
	void refusesTruncatedOrOverlongFilesAndWrongMagicNumbersNamingThePart() {
		Map<String, byte[]> truncated = idx(4, 2, 2, 0, 1, 0, 1);
		truncated.put("images", IdxFiles.gzip(IdxFiles.truncated(IdxFiles.images(4, 2, 2), 1)));
		assertThat(reason(json(upload("idx-truncated", truncated), HttpStatus.BAD_REQUEST), "images"))
			.startsWith("is truncated: its header announces 4 images of 2x2 pixels");
		Map<String, byte[]> trailing = idx(4, 2, 2, 0, 1, 0, 1);
		trailing.put("labels", IdxFiles.withTrailingBytes(IdxFiles.labels(0, 1, 0, 1), 2));
		assertThat(reason(json(upload("idx-trailing", trailing), HttpStatus.BAD_REQUEST), "labels"))
			.isEqualTo("has bytes after the 4 labels its header announces");
		Map<String, byte[]> swapped = idx(4, 2, 2, 0, 1, 0, 1);
		swapped.put("labels", swapped.put("images", swapped.get("labels")));
		assertThat(reason(json(upload("idx-swapped", swapped), HttpStatus.BAD_REQUEST), "labels"))
			.startsWith("is an image file (magic number 2051), expected an IDX label file");
		assertThat(this.catalog.find(TENANT, "idx-truncated")).isEmpty();
		assertNoLeftovers();
	}

	@Test
	void refusesATestSetThatDoesNotMatchTheTrainingSet() {
		Map<String, byte[]> otherSize = idx(4, 2, 2, 0, 1, 0, 1);
		otherSize.put("testImages", IdxFiles.images(2, 3, 2));
		otherSize.put("testLabels", IdxFiles.labels(0, 1));
		assertThat(reason(json(upload("idx-test-size", otherSize), HttpStatus.BAD_REQUEST), "testImages"))
			.isEqualTo("holds images of 3x2 pixels but images holds images of 2x2");
		Map<String, byte[]> otherLabel = idx(4, 2, 2, 0, 1, 0, 1);
		otherLabel.put("testImages", IdxFiles.images(2, 2, 2));
		otherLabel.put("testLabels", IdxFiles.labels(1, 2));
		assertThat(reason(json(upload("idx-test-label", otherLabel), HttpStatus.BAD_REQUEST), "testLabels"))
			.isEqualTo("label 2 (item 2) is outside the training labels' range 0 to 1");
		Map<String, byte[]> half = idx(4, 2, 2, 0, 1, 0, 1);
		half.put("testImages", IdxFiles.images(2, 2, 2));
		assertThat(reason(json(upload("idx-test-half", half), HttpStatus.BAD_REQUEST), "testLabels"))
			.isEqualTo("is required when testImages is given: the test set needs both");
		assertNoLeftovers();
	}

	@Test
	void refusesClassNamesThatDoNotNameEachClass() {
		JsonNode problem = json(upload("idx-names", idx(4, 2, 2, 0, 1, 2, 1), Map.of("classNames", "a,b")),
				HttpStatus.BAD_REQUEST);
		assertThat(reason(problem, "classNames")).isEqualTo("gives 2 names but the labels make 3 classes (0 to 2)");
		assertThat(reason(json(upload("idx-names", idx(4, 2, 2, 0, 1, 0, 1), Map.of("classNames", "a,,b")),
				HttpStatus.BAD_REQUEST), "classNames"))
			.startsWith("class 1 has no name");
		assertThat(reason(json(upload("idx-names", idx(4, 2, 2, 0, 1, 0, 1), Map.of("classNames", "a,a")),
				HttpStatus.BAD_REQUEST), "classNames"))
			.isEqualTo("'a' names two classes");
		assertThat(reason(json(upload("idx-one-class", idx(2, 2, 2, 0, 0)), HttpStatus.BAD_REQUEST), "labels"))
			.isEqualTo("every label is 0: classification needs at least two classes");
	}

	@Test
	void refusesMissingPartsAndFieldsOfOtherFormatsNamingEach() {
		MvcTestResult result = this.mvc.post()
			.uri("/api/v1/datasets")
			.multipart()
			.file(new MockMultipartFile("file", "x.csv", "text/csv", new byte[] { 1 }))
			.param("format", "idx")
			.param("name", "idx-missing")
			.param("labelColumn", "y")
			.param("testImages", "not a file")
			.exchange();
		JsonNode problem = json(result, HttpStatus.BAD_REQUEST);
		assertThat(reason(problem, "images")).startsWith("is required: an IDX image file");
		assertThat(reason(problem, "labels")).startsWith("is required: an IDX label file");
		assertThat(reason(problem, "labelColumn")).startsWith("is not a field of this upload: format idx takes "
				+ "the parts images, labels, testImages, testLabels and the fields format, name, normalization, "
				+ "classNames");
		assertThat(reason(problem, "testImages")).isEqualTo("must be sent as a file part, not as a text field");
		assertThat(reason(problem, "file")).startsWith("is not a part of this upload");
	}

	@Test
	void refusesAnUnknownFormat() {
		MvcTestResult result = this.mvc.post()
			.uri("/api/v1/datasets")
			.multipart()
			.param("format", "parquet")
			.param("name", "x")
			.exchange();
		assertThat(reason(json(result, HttpStatus.BAD_REQUEST), "format")).startsWith("must be one of ")
			.contains("csv", "idx")
			.endsWith("got 'parquet'");
	}

	/** IDX parts: {@code count} images of rows x columns and these labels. */
	static Map<String, byte[]> idx(int count, int rows, int columns, int... labels) {
		Map<String, byte[]> parts = new LinkedHashMap<>();
		parts.put("images", IdxFiles.images(count, rows, columns));
		parts.put("labels", IdxFiles.labels(labels));
		return parts;
	}

	MvcTestResult upload(String name, Map<String, byte[]> parts) {
		return upload(name, parts, Map.of());
	}

	MvcTestResult upload(String name, Map<String, byte[]> parts, Map<String, String> fields) {
		var request = this.mvc.post().uri("/api/v1/datasets").multipart();
		parts.forEach((part, bytes) -> request
			.file(new MockMultipartFile(part, part + ".idx", "application/octet-stream", bytes)));
		request.param("format", "idx").param("name", name);
		fields.forEach(request::param);
		return request.exchange();
	}

	static String sha256(byte[]... parts) throws Exception {
		MessageDigest digest = MessageDigest.getInstance("SHA-256");
		for (byte[] part : parts) {
			digest.update(part);
		}
		return HexFormat.of().formatHex(digest.digest());
	}

}
