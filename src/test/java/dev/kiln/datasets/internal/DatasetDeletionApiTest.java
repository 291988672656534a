package dev.kiln.datasets.internal;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;

import dev.kiln.datasets.DatasetCatalog;
import dev.kiln.datasets.DatasetInfo;
import dev.kiln.web.ConflictException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.io.ClassPathResource;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.mock.web.MockMultipartFile;
import org.springframework.test.web.servlet.assertj.MvcTestResult;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Duplicate uploads and soft deletion through the API.
 */
class DatasetDeletionApiTest extends DatasetHttpTestSupport {

	@Autowired
	DatasetCatalog catalog;

	@Autowired
	BuiltinDatasets builtins;

	@AfterEach
	void nothingInUse() {
		JobsUsingDatasets.IN_USE.clear();
	}

	@Test
	void refusesContentAnActiveDatasetAlreadyHasNamingIt() {
		String csv = "a,y\n1,dup\n2,other\n";
		JsonNode first = json(upload("dup-first", csv), HttpStatus.CREATED);
		MvcTestResult result = upload("dup-second", csv);
		JsonNode problem = json(result, HttpStatus.CONFLICT);
		assertThat(result.getResponse().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
		assertThat(problem.get("type").asString()).isEqualTo("/problems/dataset-duplicate");
		assertThat(problem.get("detail").asString()).isEqualTo("The same content was already uploaded as dataset "
				+ "'dup-first' (" + first.get("id").asString() + ")");
		assertThat(problem.get("existingId").asString()).isEqualTo(first.get("id").asString());
		assertThat(problem.get("existingName").asString()).isEqualTo("dup-first");
		assertThat(problem.get("instance").asString()).isEqualTo("/api/v1/datasets");
		assertThat(this.catalog.find(TENANT, "dup-second")).isEmpty();
		assertNoLeftovers();
	}

	@Test
	void refusesTheContentOfABuiltInDataset() throws Exception {
		byte[] iris = new ClassPathResource("datasets/iris.csv").getContentAsByteArray();
		JsonNode problem = json(upload("my-iris", new String(iris, StandardCharsets.UTF_8)), HttpStatus.CONFLICT);
		assertThat(problem.get("existingName").asString()).isEqualTo("iris");
	}

	@Test
	void deletesSoftlyHidingTheDatasetFreeingItsNameAndRemovingItsFile() {
		JsonNode created = json(upload("to-delete", "a,y\n1,gone\n2,kept\n"), HttpStatus.CREATED);
		String id = created.get("id").asString();
		assertThat(datasetDir().resolve(id + ".bin")).exists();

		assertThat(this.mvc.delete().uri("/api/v1/datasets/" + id).exchange()).hasStatus(HttpStatus.NO_CONTENT);

		assertThat(datasetDir().resolve(id + ".bin")).doesNotExist();
		json(this.mvc.get().uri("/api/v1/datasets/" + id).exchange(), HttpStatus.NOT_FOUND);
		JsonNode list = json(this.mvc.get().uri("/api/v1/datasets?size=100").exchange(), HttpStatus.OK);
		assertThat(list.get("items").findValuesAsString("name")).doesNotContain("to-delete");
		assertThat(this.catalog.find(TENANT, "to-delete")).isEmpty();
		DatasetInfo byId = this.catalog.find(TENANT, id).orElseThrow();
		assertThat(byId.deleted()).isTrue();
		assertThat(byId.classNames()).containsExactly("gone", "kept");
		assertThat(byId.featureShape()).containsExactly(1);
		ConflictException refusal = assertThatExceptionOfType(ConflictException.class)
			.isThrownBy(() -> this.catalog.split(UUID.fromString(id), 0.1, 0.1, 1))
			.actual();
		assertThat(refusal.type()).isEqualTo("dataset-deleted");
		json(this.mvc.delete().uri("/api/v1/datasets/" + id).exchange(), HttpStatus.NOT_FOUND);

		// the name and the content are free again
		JsonNode again = json(upload("to-delete", "a,y\n1,gone\n2,kept\n"), HttpStatus.CREATED);
		assertThat(again.get("id").asString()).isNotEqualTo(id);
		assertThat(this.catalog.find(TENANT, "to-delete").orElseThrow().id().toString())
			.isEqualTo(again.get("id").asString());
		assertThat(this.catalog.find(TENANT, id).orElseThrow().deleted()).isTrue();
		assertNoLeftovers();
	}

	@Test
	void removesTheFileOfADeletedDatasetAtStartUpIfDeletingItFailed() throws Exception {
		JsonNode created = json(upload("leftover", "a,y\n1,left\n2,over\n"), HttpStatus.CREATED);
		Path file = datasetDir().resolve(created.get("id").asString() + ".bin");
		byte[] content = Files.readAllBytes(file);
		assertThat(this.mvc.delete().uri("/api/v1/datasets/" + created.get("id").asString()).exchange())
			.hasStatus(HttpStatus.NO_CONTENT);
		Files.write(file, content);
		this.builtins.run(null);
		assertThat(file).doesNotExist();
	}

	@Test
	void refusesToDeleteADatasetAnActiveJobUses() {
		JsonNode created = json(upload("in-use", "a,y\n1,busy\n2,idle\n"), HttpStatus.CREATED);
		UUID id = UUID.fromString(created.get("id").asString());
		JobsUsingDatasets.IN_USE.add(id);
		JsonNode problem = json(this.mvc.delete().uri("/api/v1/datasets/" + id).exchange(), HttpStatus.CONFLICT);
		assertThat(problem.get("type").asString()).isEqualTo("/problems/dataset-in-use");
		assertThat(problem.get("detail").asString()).contains("'in-use'");
		assertThat(this.catalog.find(TENANT, "in-use")).isPresent();
		JobsUsingDatasets.IN_USE.clear();
		assertThat(this.mvc.delete().uri("/api/v1/datasets/" + id).exchange()).hasStatus(HttpStatus.NO_CONTENT);
	}

	@Test
	void refusesToDeleteABuiltInDataset() {
		UUID iris = this.catalog.find(TENANT, "iris").orElseThrow().id();
		JsonNode problem = json(this.mvc.delete().uri("/api/v1/datasets/" + iris).exchange(), HttpStatus.CONFLICT);
		assertThat(problem.get("type").asString()).isEqualTo("/problems/dataset-builtin");
		assertThat(this.catalog.find(TENANT, "iris")).isPresent();
	}

	@Test
	void answersUnknownIdsWith404() {
		JsonNode problem = json(this.mvc.delete().uri("/api/v1/datasets/" + UUID.randomUUID()).exchange(),
				HttpStatus.NOT_FOUND);
		assertThat(problem.get("type").asString()).isEqualTo("/problems/not-found");
		json(this.mvc.delete().uri("/api/v1/datasets/not-a-uuid").exchange(), HttpStatus.NOT_FOUND);
	}

	@Test
	void documentsDeletionAndTheConflicts() {
		JsonNode docs = json(this.mvc.get().uri("/v3/api-docs").exchange(), HttpStatus.OK);
		JsonNode delete = docs.get("paths").get("/api/v1/datasets/{id}").get("delete");
		assertThat(delete.get("responses").propertyNames()).contains("204", "404", "409");
		assertThat(delete.get("responses")
			.get("409")
			.get("content")
			.get("application/problem+json")
			.get("examples")
			.propertyNames()).contains("in use", "built in");
		JsonNode post = docs.get("paths").get("/api/v1/datasets").get("post");
		assertThat(post.get("responses")
			.get("409")
			.get("content")
			.get("application/problem+json")
			.get("examples")
			.propertyNames()).contains("name taken", "duplicate");
	}

	private MvcTestResult upload(String name, String csv) {
		return this.mvc.post()
			.uri("/api/v1/datasets")
			.multipart()
			.file(new MockMultipartFile("file", "data.csv", "text/csv", csv.getBytes(StandardCharsets.UTF_8)))
			.param("name", name)
			.param("labelColumn", "y")
			.exchange();
	}

}
