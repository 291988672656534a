package dev.kiln.datasets.internal;

import java.util.Map;

import dev.kiln.datasets.DatasetCatalog;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpStatus;
import org.springframework.mock.web.MockMultipartFile;
import org.springframework.test.web.servlet.assertj.MvcTestResult;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code format=images-zip} uploads through the API, with zips built in the test.
 */
class ImagesZipUploadApiTest extends DatasetHttpTestSupport {

	@Autowired
	DatasetCatalog catalog;

	@Test
	void uploadsClassFoldersOfImagesListingWhatItSkipped() {
		Map<String, byte[]> entries = TestZips.entries();
		entries.put("shapes/circle/1.png", TestZips.encode(TestZips.solid(5, 5, 0x000000), "png"));
		entries.put("shapes/circle/2.jpg", TestZips.encode(TestZips.solid(7, 3, 0x101010), "jpg"));
		entries.put("shapes/square/1.png", TestZips.encode(TestZips.grey(4, 4, (x, y) -> 255), "png"));
		entries.put("shapes/square/notes.txt", "squares".getBytes());
		MvcTestResult result = upload("shapes", TestZips.zip(entries),
				Map.of("height", "3", "width", "2", "channels", "1", "normalization", "minmax"));
		JsonNode created = json(result, HttpStatus.CREATED);
		assertThat(created.get("format").asString()).isEqualTo("images-zip");
		assertThat(created.get("normalization").asString()).isEqualTo("minmax");
		assertThat(ints(created.get("featureShape"))).containsExactly(3, 2, 1);
		assertThat(strings(created.get("classNames"))).containsExactly("circle", "square");
		assertThat(created.get("rows").asInt()).isEqualTo(3);
		assertThat(created.get("skippedCount").asInt()).isEqualTo(1);
		assertThat(created.get("skipped").get(0).get("entry").asString()).isEqualTo("shapes/square/notes.txt");
		assertThat(created.get("skipped").get(0).get("reason").asString()).startsWith("unsupported file type '.txt'");
		JsonNode read = json(this.mvc.get().uri("/api/v1/datasets/" + created.get("id").asString()).exchange(),
				HttpStatus.OK);
		assertThat(read.has("skipped")).isFalse();
		assertThat(read.has("skippedCount")).isFalse();
		assertNoLeftovers();
	}

	@Test
	void refusesZipSlipNamingTheEntryAndKeepsNothing() {
		Map<String, byte[]> entries = TestZips.entries();
		entries.put("a/1.png", TestZips.encode(TestZips.solid(2, 2, 0x000001), "png"));
		entries.put("b/1.png", TestZips.encode(TestZips.solid(2, 2, 0x000002), "png"));
		entries.put("b/../../escape.png", TestZips.encode(TestZips.solid(2, 2, 0x000003), "png"));
		JsonNode problem = json(
				upload("slip", TestZips.zip(entries), Map.of("height", "2", "width", "2", "channels", "3")),
				HttpStatus.BAD_REQUEST);
		assertThat(reason(problem, "file")).isEqualTo("entry 'b/../../escape.png' climbs out of its folder with "
				+ "'..': its path escapes the archive's folder (zip slip)");
		assertThat(this.catalog.find(TENANT, "slip")).isEmpty();
		assertNoLeftovers();
	}

	@Test
	void refusesAClassFolderNameWithAControlCharacterNamingTheEntryAndKeepsNothing() {
		Map<String, byte[]> entries = TestZips.entries();
		entries.put("cats\r/1.png", TestZips.encode(TestZips.solid(2, 2, 0x000004), "png"));
		entries.put("dogs/1.png", TestZips.encode(TestZips.solid(2, 2, 0x000005), "png"));
		JsonNode problem = json(
				upload("control-folder", TestZips.zip(entries), Map.of("height", "2", "width", "2", "channels", "1")),
				HttpStatus.BAD_REQUEST);
		assertThat(reason(problem, "file")).isEqualTo("entry 'cats<U+000D>/1.png': the class folder's name contains "
				+ "the control character U+000D CARRIAGE RETURN (CR) at position 5");
		assertThat(this.catalog.find(TENANT, "control-folder")).isEmpty();
		assertNoLeftovers();
	}

	@Test
	void refusesMissingOrOutOfRangeSizesNamingEach() {
		MvcTestResult result = upload("sizes", new byte[] { 1 },
				Map.of("height", "0", "width", "2000", "channels", "2"));
		JsonNode problem = json(result, HttpStatus.BAD_REQUEST);
		assertThat(reason(problem, "height")).isEqualTo("must be an integer from 1 to 1024 (in pixels); got '0'");
		assertThat(reason(problem, "width")).isEqualTo("must be an integer from 1 to 1024 (in pixels); got '2000'");
		assertThat(reason(problem, "channels")).isEqualTo("must be 1 (greyscale) or 3 (RGB); got '2'");
		JsonNode tooMany = json(
				upload("sizes", new byte[] { 1 }, Map.of("height", "1024", "width", "1024", "channels", "3")),
				HttpStatus.BAD_REQUEST);
		assertThat(reason(tooMany, "height")).isEqualTo("height x width x channels = 3,145,728 features, more than "
				+ "the limit of 65,536 (kiln.datasets.max-features)");
		JsonNode missing = json(this.mvc.post()
			.uri("/api/v1/datasets")
			.multipart()
			.param("format", "images-zip")
			.param("name", "sizes")
			.exchange(), HttpStatus.BAD_REQUEST);
		assertThat(missing.get("errors").findValuesAsString("path")).containsExactly("height", "width", "channels",
				"file");
	}

	private MvcTestResult upload(String name, byte[] zip, Map<String, String> fields) {
		var request = this.mvc.post()
			.uri("/api/v1/datasets")
			.multipart()
			.file(new MockMultipartFile("file", "images.zip", "application/zip", zip))
			.param("format", "images-zip")
			.param("name", name);
		fields.forEach(request::param);
		return request.exchange();
	}

}
