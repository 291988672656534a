package dev.kiln.datasets.internal;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.kiln.datasets.DatasetCatalog;
import dev.kiln.datasets.DatasetInfo;
import dev.kiln.datasets.DatasetSplit;
import dev.kiln.engine.Examples;
import dev.kiln.web.NotFoundException;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.io.ByteArrayResource;
import org.springframework.http.HttpStatus;
import org.springframework.mock.web.MockMultipartFile;
import org.springframework.test.web.servlet.assertj.MvcTestResult;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The dataset API over the whole application: built-in datasets, CSV uploads, listing.
 */
class DatasetApiTest extends DatasetHttpTestSupport {

	@Autowired
	BuiltinDatasets builtins;

	@Autowired
	DatasetCatalog catalog;

	@Autowired
	DatasetUploads uploads;

	@Test
	void listsTheBuiltInDatasetsWithTheirShapesClassesAndRows() {
		JsonNode page = json(this.mvc.get().uri("/api/v1/datasets?size=100").exchange(), HttpStatus.OK);
		List<JsonNode> builtins = builtins(page);
		assertThat(builtins).extracting((d) -> d.get("name").asString()).containsExactly("digits8x8", "iris", "wine");
		JsonNode digits = builtins.get(0);
		assertThat(ints(digits.get("featureShape"))).containsExactly(8, 8, 1);
		assertThat(digits.get("rows").asInt()).isEqualTo(1797);
		assertThat(digits.get("classNames")).hasSize(10);
		assertThat(digits.get("classNames").get(9).asString()).isEqualTo("9");
		assertThat(digits.get("featureNames")).hasSize(64);
		assertThat(digits.get("featureNames").get(63).asString()).isEqualTo("p63");
		JsonNode iris = builtins.get(1);
		assertThat(ints(iris.get("featureShape"))).containsExactly(4);
		assertThat(iris.get("rows").asInt()).isEqualTo(150);
		assertThat(iris.get("classNames").toString()).isEqualTo("[\"setosa\",\"versicolor\",\"virginica\"]");
		assertThat(iris.get("source").asString()).isEqualTo("builtin");
		assertThat(iris.get("id").asString()).isEqualTo(BuiltinDatasets.BUILTINS.get(0).id().toString())
			.isEqualTo("da3c8e17-b44c-39e8-85dd-1bc72bb61ba4");
		assertThat(iris.get("sha256").asString())
			.isEqualTo("e404da8a0348eaa780e968c07a8f4dc90fe90eea54ddceeb5b444ce0caae8d30");
		assertThat(iris.get("sizeBytes").asLong()).isEqualTo(4009);
		assertThat(iris.get("createdAt").asString()).endsWith("Z");
		JsonNode wine = builtins.get(2);
		assertThat(ints(wine.get("featureShape"))).containsExactly(13);
		assertThat(wine.get("rows").asInt()).isEqualTo(178);
		assertThat(wine.get("classNames")).hasSize(3);
	}

	@Test
	void loadsABuiltInDatasetThroughTheCatalog() {
		DatasetInfo digits = this.catalog.find(TENANT, "digits8x8").orElseThrow();
		assertThat(this.catalog.find(TENANT, digits.id().toString())).contains(digits);
		assertThat(digits.testRows()).isZero();
		assertThat(digits.normalization()).isEqualTo("none");
		DatasetSplit split = this.catalog.split(digits.id(), 0, 0, 1);
		assertThat(split.validation().count()).isZero();
		assertThat(split.test().count()).isZero();
		Examples examples = split.train();
		assertThat(examples.count()).isEqualTo(1797);
		assertThat(examples.featureLength()).isEqualTo(64);
		assertThat(examples.classes()).isEqualTo(10);
		DatasetSplit drawn = this.catalog.split(digits.id(), 0.1, 0.2, 1);
		assertThat(drawn.test().count()).isBetween(350, 370);
		assertThat(drawn.validation().count()).isBetween(170, 190);
		assertThat(drawn.train().count() + drawn.validation().count() + drawn.test().count()).isEqualTo(1797);
	}

	@Test
	void storesEveryRowInFileOrder() {
		UUID digits = this.catalog.find(TENANT, "digits8x8").orElseThrow().id();
		Examples examples = BinaryDatasetStore.readAll(datasetDir().resolve(digits + ".bin"));
		assertThat(examples.count()).isEqualTo(1797);
		// first row of digits8x8.csv: 0,0,5,13,9,1,0,0,... label 0
		assertThat(examples.features()[2]).isEqualTo(5f);
		assertThat(examples.features()[3]).isEqualTo(13f);
		assertThat(examples.labels()[0]).isZero();
	}

	@Test
	void registeringTheBuiltInsAgainNeitherDuplicatesNorRenumbersThem() throws Exception {
		List<UUID> before = builtinIds();
		this.builtins.run(null);
		this.builtins.run(null);
		assertThat(builtinIds()).hasSize(3).isEqualTo(before);
	}

	@Test
	void rebuildsAMissingBuiltInFileAtStartUp() throws Exception {
		UUID iris = this.catalog.find(TENANT, "iris").orElseThrow().id();
		Path file = datasetDir().resolve(iris + ".bin");
		Files.delete(file);
		this.builtins.run(null);
		assertThat(file).exists();
		assertThat(this.catalog.split(iris, 0, 0, 1).train().count()).isEqualTo(150);
	}

	@Test
	void uploadsACsvAndReadsItBack() throws Exception {
		String csv = """
				a,b,colour
				1,2,red
				3,4,blue
				5.5,-6e1,red
				""";
		MvcTestResult result = upload("tiny-upload", "colour", null, csv);
		JsonNode created = json(result, HttpStatus.CREATED);
		String id = created.get("id").asString();
		assertThat(result.getResponse().getHeader("Location")).isEqualTo("/api/v1/datasets/" + id);
		assertThat(created.get("name").asString()).isEqualTo("tiny-upload");
		assertThat(created.get("source").asString()).isEqualTo("upload");
		assertThat(created.get("rows").asInt()).isEqualTo(3);
		assertThat(ints(created.get("featureShape"))).containsExactly(2);
		assertThat(created.get("featureNames").toString()).isEqualTo("[\"a\",\"b\"]");
		assertThat(created.get("classNames").toString()).isEqualTo("[\"blue\",\"red\"]");
		assertThat(created.get("sizeBytes").asLong()).isEqualTo(csv.length());
		assertThat(created.get("sha256").asString()).isEqualTo(sha256(csv));

		JsonNode read = json(this.mvc.get().uri("/api/v1/datasets/" + id).exchange(), HttpStatus.OK);
		assertThat(read).isEqualTo(created);
		assertThat(created.get("testRows").asInt()).isZero();
		assertThat(created.get("normalization").asString()).isEqualTo("none");
		Examples examples = BinaryDatasetStore.readAll(datasetDir().resolve(id + ".bin"));
		assertThat(examples.features()).containsExactly(1, 2, 3, 4, 5.5f, -60);
		assertThat(examples.labels()).containsExactly(1, 0, 1);
	}

	@Test
	void encodesTheListedColumnsOneHotAndSaysSo() {
		MvcTestResult result = this.mvc.post()
			.uri("/api/v1/datasets")
			.multipart()
			.file(new MockMultipartFile("file", "data.csv", "text/csv",
					"colour,w,y\nred,1,a\nblue,2,b\n".getBytes(StandardCharsets.UTF_8)))
			.param("name", "one-hot")
			.param("labelColumn", "y")
			.param("oneHot", "colour")
			.exchange();
		JsonNode created = json(result, HttpStatus.CREATED);
		assertThat(strings(created.get("featureNames"))).containsExactly("colour=blue", "colour=red", "w");
		assertThat(strings(created.get("oneHot"))).containsExactly("colour");
		assertThat(ints(created.get("featureShape"))).containsExactly(3);
		assertThat(this.catalog.find(TENANT, "one-hot").orElseThrow().oneHotColumns()).containsExactly("colour");
		Examples rows = BinaryDatasetStore.readAll(datasetDir().resolve(created.get("id").asString() + ".bin"));
		assertThat(rows.features()).containsExactly(0, 1, 1, 1, 0, 2);
		JsonNode iris = json(this.mvc.get()
			.uri("/api/v1/datasets/" + this.catalog.find(TENANT, "iris").orElseThrow().id())
			.exchange(), HttpStatus.OK);
		assertThat(iris.get("oneHot")).isEmpty();
	}

	@Test
	void recordsTheDatasetsDefaultNormalization() {
		MvcTestResult result = this.mvc.post()
			.uri("/api/v1/datasets")
			.multipart()
			.file(new MockMultipartFile("file", "data.csv", "text/csv",
					"a,y\n1,scaled\n200,not\n".getBytes(StandardCharsets.UTF_8)))
			.param("name", "normalized")
			.param("labelColumn", "y")
			.param("normalization", " Standardize ")
			.exchange();
		JsonNode created = json(result, HttpStatus.CREATED);
		assertThat(created.get("normalization").asString()).isEqualTo("standardize");
		assertThat(this.catalog.find(TENANT, "normalized").orElseThrow().normalization()).isEqualTo("standardize");
		JsonNode read = json(this.mvc.get().uri("/api/v1/datasets/" + created.get("id").asString()).exchange(),
				HttpStatus.OK);
		assertThat(read.get("normalization").asString()).isEqualTo("standardize");
	}

	@Test
	void refusesAnUnknownNormalization() {
		MvcTestResult result = this.mvc.post()
			.uri("/api/v1/datasets")
			.multipart()
			.file(new MockMultipartFile("file", "data.csv", "text/csv",
					"a,y\n1,u\n2,v\n".getBytes(StandardCharsets.UTF_8)))
			.param("name", "badly-normalized")
			.param("labelColumn", "y")
			.param("normalization", "zscore")
			.exchange();
		assertThat(reason(json(result, HttpStatus.BAD_REQUEST), "normalization"))
			.isEqualTo("must be one of none, minmax, standardize; got 'zscore'");
	}

	@Test
	void uploadsImageRowsWithTheGivenShape() {
		JsonNode created = json(upload("tiny-images", "y", "2,1,1", "p0,p1,y\n0,1,7\n1,0,3\n"), HttpStatus.CREATED);
		assertThat(ints(created.get("featureShape"))).containsExactly(2, 1, 1);
		assertThat(created.get("classNames").toString()).isEqualTo("[\"3\",\"7\"]");
	}

	@Test
	void refusesANameThatIsTakenWith409() {
		JsonNode problem = json(upload("iris", "species", null, "a,species\n1,x\n2,y\n"), HttpStatus.CONFLICT);
		assertThat(problem.get("type").asString()).isEqualTo("/problems/dataset-name-taken");
		assertThat(problem.get("detail").asString()).contains("iris");
		json(upload("twice", "species", null, "a,species\n1,x\n2,y\n"), HttpStatus.CREATED);
		json(upload("twice", "species", null, "a,species\n1,x\n2,y\n"), HttpStatus.CONFLICT);
	}

	@Test
	void refusesBadCsvNamingTheRowAndColumnAndKeepsNothing() throws Exception {
		JsonNode problem = json(upload("bad-csv", "species", null, """
				sepal_length,sepal_width,species
				5.1,3.5,setosa
				4.9,abc,setosa
				"""), HttpStatus.BAD_REQUEST);
		assertThat(problem.get("type").asString()).isEqualTo("/problems/invalid-request");
		assertThat(problem.get("errors").get(0).get("path").asString()).isEqualTo("file");
		assertThat(problem.get("errors").get(0).get("reason").asString()).contains("row 2")
			.contains("line 3")
			.contains("'sepal_width'")
			.contains("'abc' is not a number (list the column in oneHot");
		assertThat(problem.get("detail").asString()).contains("row 2").contains("sepal_width");
		assertThat(this.catalog.find(TENANT, "bad-csv")).isEmpty();
		assertNoLeftovers();
	}

	@Test
	void refusesACsvColumnNameWithALineBreakOrNulNamingTheColumnAndKeepsNothing() {
		for (String header : new String[] { "\"sepal\r\nlength\",species", "sepal\u0000length,species" }) {
			JsonNode problem = json(upload("control-header", "species", null, header + "\n5.1,setosa\n4.9,virginica\n"),
					HttpStatus.BAD_REQUEST);
			assertThat(reason(problem, "file")).as(header)
				.startsWith("header (line 1), column 1 ('sepal<U+000")
				.contains("): the column name contains the control character U+000");
		}
		assertThat(this.catalog.find(TENANT, "control-header")).isEmpty();
		assertNoLeftovers();
	}

	@Test
	void takesDatasetNamesOfLettersOfAnyScriptAndListsThemInNfc() {
		String decomposed = "donne\u0301es-e\u0301";
		String composed = "donn\u00e9es-\u00e9";
		JsonNode created = json(upload(decomposed, "y", null, "x,y\n1,\u00e9t\u00e9\n2,hiver\n3,e\u0301te\u0301\n"),
				HttpStatus.CREATED);
		assertThat(created.get("name").asString()).isEqualTo(composed);
		assertThat(strings(created.get("classNames"))).containsExactly("hiver", "\u00e9t\u00e9");
		JsonNode page = json(this.mvc.get().uri("/api/v1/datasets?size=100").exchange(), HttpStatus.OK);
		assertThat(page.get("items").findValuesAsString("name")).contains(composed).doesNotContain(decomposed);
		assertThat(this.catalog.find(TENANT, decomposed)).hasValueSatisfying(
				(dataset) -> assertThat(dataset.id().toString()).isEqualTo(created.get("id").asString()));
		json(upload(composed, "y", null, "x,y\n1,a\n2,b\n9,c\n"), HttpStatus.CONFLICT);
		JsonNode spaced = json(upload("donn\u00e9es \u00e9", "y", null, "x,y\n1,a\n2,b\n8,c\n"),
				HttpStatus.BAD_REQUEST);
		assertThat(reason(spaced, "name")).isEqualTo(
				"must be 1 to 100 letters (of any script), digits, '-', '_' or '.'; ' ' (U+0020 SPACE) at position 8 is not");
	}

	@Test
	void removesTheDatasetFileWhenTheDatabaseRefusesTheRow() {
		UUID id = UUID.randomUUID();
		String tooLongForTheColumn = "n".repeat(300);
		UploadRequest request = UploadRequest.of(Map.of("name", tooLongForTheColumn, "labelColumn", "y"),
				Map.of("file", new ByteArrayResource("a,y\n1,u\n2,v\n".getBytes(StandardCharsets.UTF_8))));
		assertThatException().isThrownBy(() -> this.uploads.register(id, TENANT, "upload", request));
		assertThat(datasetDir().resolve(id + ".bin")).doesNotExist();
		assertThat(this.catalog.find(TENANT, tooLongForTheColumn)).isEmpty();
	}

	@Test
	void refusesToSplitAnUnknownDataset() {
		assertThatExceptionOfType(NotFoundException.class)
			.isThrownBy(() -> this.catalog.split(UUID.randomUUID(), 0.1, 0.1, 1));
	}

	@Test
	void documentsTheEndpointsInOpenApi() {
		JsonNode docs = json(this.mvc.get().uri("/v3/api-docs").exchange(), HttpStatus.OK);
		JsonNode datasets = docs.get("paths").get("/api/v1/datasets");
		assertThat(datasets.get("post").get("tags").get(0).asString()).isEqualTo("Datasets");
		JsonNode form = datasets.get("post").get("requestBody").get("content").get("multipart/form-data");
		List<String> forms = new ArrayList<>();
		form.get("schema").get("oneOf").forEach((ref) -> forms.add(ref.get("$ref").asString()));
		assertThat(forms).containsExactly("#/components/schemas/CsvUpload", "#/components/schemas/IdxUpload",
				"#/components/schemas/ImagesZipUpload");
		JsonNode schemas = docs.get("components").get("schemas");
		// members in key order: the document is written sorted, so that its diffs are
		// stable
		assertThat(schemas.get("CsvUpload").get("properties").propertyNames()).containsExactlyInAnyOrder("format",
				"file", "name", "labelColumn", "shape", "oneHot", "normalization");
		assertThat(schemas.get("IdxUpload").get("properties").propertyNames()).containsExactlyInAnyOrder("format",
				"name", "images", "labels", "testImages", "testLabels", "classNames", "normalization");
		assertThat(strings(schemas.get("IdxUpload").get("required"))).contains("images", "labels");
		assertThat(schemas.get("ImagesZipUpload").get("properties").propertyNames()).containsExactlyInAnyOrder("format",
				"name", "file", "height", "width", "channels", "normalization");
		assertThat(schemas.get("Dataset").get("properties").propertyNames()).contains("testRows", "normalization",
				"format", "skipped", "skippedCount");
		assertThat(datasets.get("post").has("parameters")).isFalse();
		assertThat(datasets.get("post")
			.get("responses")
			.get("400")
			.get("content")
			.get("application/problem+json")
			.get("examples")
			.propertyNames()).contains("IDX counts differ");
		assertThat(datasets.get("post").get("responses").get("409").get("content").has("application/problem+json"))
			.isTrue();
		assertThat(docs.get("paths").get("/api/v1/datasets/{id}").get("get").get("responses").has("404")).isTrue();
		assertThat(docs.get("components").get("schemas").has("Dataset")).isTrue();
	}

	@Test
	void refusesAnUploadLargerThanTheLimitWith413AndKeepsNothing() throws Exception {
		StringBuilder csv = new StringBuilder("a,y\n");
		while (csv.length() <= 100 * 1024) {
			csv.append("0.123456789,u\n1.23456789,v\n");
		}
		JsonNode problem = json(upload("too-large", "y", null, csv.toString()), HttpStatus.CONTENT_TOO_LARGE);
		assertThat(problem.get("type").asString()).isEqualTo("/problems/upload-too-large");
		assertThat(this.catalog.find(TENANT, "too-large")).isEmpty();
		assertNoLeftovers();
	}

	@Test
	void refusesAFileThatIsNotUtf8() throws Exception {
		byte[] latin1 = "a,y\n1,caf\u00e9\n2,b\n".getBytes(StandardCharsets.ISO_8859_1);
		MvcTestResult result = this.mvc.post()
			.uri("/api/v1/datasets")
			.multipart()
			.file(new MockMultipartFile("file", "data.csv", "text/csv", latin1))
			.param("name", "latin1")
			.param("labelColumn", "y")
			.exchange();
		JsonNode problem = json(result, HttpStatus.BAD_REQUEST);
		assertThat(problem.get("errors").get(0).get("path").asString()).isEqualTo("file");
		assertThat(problem.get("errors").get(0).get("reason").asString()).contains("UTF-8");
		assertNoLeftovers();
	}

	@Test
	void refusesAnUnknownLabelColumnNamingIt() {
		JsonNode problem = json(upload("no-label", "kind", null, "a,b\n1,2\n"), HttpStatus.BAD_REQUEST);
		assertThat(problem.get("errors").get(0).get("path").asString()).isEqualTo("labelColumn");
		assertThat(problem.get("errors").get(0).get("reason").asString()).contains("'kind'");
	}

	@Test
	void refusesANameThatLooksLikeAPath() {
		JsonNode problem = json(upload("../../etc/passwd", "species", null, "a,species\n1,x\n2,y\n"),
				HttpStatus.BAD_REQUEST);
		assertThat(problem.get("errors").get(0).get("path").asString()).isEqualTo("name");
		assertThat(this.catalog.find(TENANT, "../../etc/passwd")).isEmpty();
	}

	@Test
	void refusesMissingFieldsNamingEach() {
		MvcTestResult result = this.mvc.post().uri("/api/v1/datasets").multipart().param("shape", "2,x").exchange();
		JsonNode problem = json(result, HttpStatus.BAD_REQUEST);
		assertThat(problem.get("errors").findValuesAsString("path")).containsExactly("name", "labelColumn", "shape",
				"file");
	}

	@Test
	void answersAnUnknownIdWithA404Problem() {
		JsonNode problem = json(this.mvc.get().uri("/api/v1/datasets/" + UUID.randomUUID()).exchange(),
				HttpStatus.NOT_FOUND);
		assertThat(problem.get("type").asString()).isEqualTo("/problems/not-found");
		assertThat(problem.get("status").asInt()).isEqualTo(404);
		json(this.mvc.get().uri("/api/v1/datasets/not-a-uuid").exchange(), HttpStatus.NOT_FOUND);
	}

	@Test
	void pagesTheListSortedByName() {
		JsonNode page = json(this.mvc.get().uri("/api/v1/datasets?page=1&size=1").exchange(), HttpStatus.OK);
		assertThat(page.get("page").asInt()).isEqualTo(1);
		assertThat(page.get("size").asInt()).isEqualTo(1);
		assertThat(page.get("items")).hasSize(1);
		assertThat(page.get("totalItems").asLong()).isGreaterThanOrEqualTo(3);
		JsonNode bad = json(this.mvc.get().uri("/api/v1/datasets?size=0").exchange(), HttpStatus.BAD_REQUEST);
		assertThat(bad.get("errors").get(0).get("path").asString()).isEqualTo("size");
	}

	private MvcTestResult upload(String name, String labelColumn, String shape, String csv) {
		var request = this.mvc.post()
			.uri("/api/v1/datasets")
			.multipart()
			.file(new MockMultipartFile("file", "data.csv", "text/csv", csv.getBytes(StandardCharsets.UTF_8)))
			.param("name", name)
			.param("labelColumn", labelColumn);
		if (shape != null) {
			request.param("shape", shape);
		}
		return request.exchange();
	}

	private List<JsonNode> builtins(JsonNode page) {
		List<JsonNode> found = new ArrayList<>();
		page.get("items").forEach((item) -> {
			if (item.get("source").asString().equals("builtin")) {
				found.add(item);
			}
		});
		return found;
	}

	private List<UUID> builtinIds() {
		JsonNode page = json(this.mvc.get().uri("/api/v1/datasets?size=100").exchange(), HttpStatus.OK);
		return builtins(page).stream().map((d) -> UUID.fromString(d.get("id").asString())).toList();
	}

	private static String sha256(String text) throws Exception {
		byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
		return HexFormat.of().formatHex(digest);
	}

}
