package dev.kiln.datasets.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

import dev.kiln.datasets.DatasetInfo;
import dev.kiln.web.ConflictException;
import dev.kiln.web.InvalidField;
import dev.kiln.web.InvalidRequestException;
import dev.kiln.web.NotFoundException;
import dev.kiln.web.internal.ControllerSlice;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.mockito.ArgumentCaptor;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.Import;
import org.springframework.data.domain.PageImpl;
import org.springframework.data.domain.PageRequest;
import org.springframework.data.domain.Sort;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.mock.web.MockMultipartFile;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.test.web.servlet.assertj.MvcTestResult;

import static dev.kiln.web.internal.ControllerSlice.assertInvalid;
import static dev.kiln.web.internal.ControllerSlice.assertProblem;
import static dev.kiln.web.internal.ControllerSlice.assertUnsupportedMediaType;
import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.BDDMockito.given;
import static org.mockito.BDDMockito.willThrow;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;

/**
 * {@code /api/v1/datasets} over the real web layer: how each request the controller
 * refuses is answered, that a refused request never reaches the registry, the uploads or
 * the deletion, and how their refusals become problem documents. They are stand-ins (they
 * need the database and the dataset store); {@code DatasetApiTest} and the end-to-end
 * tests run the same paths with the real ones.
 */
@WebMvcTest(DatasetController.class)
@Import(ControllerSlice.class)
class DatasetControllerTest {

	private static final String DATASETS = "/api/v1/datasets";

	private static final String DATASET = DATASETS + "/{id}";

	private static final UUID ID = UUID.fromString("da3c8e17-b44c-39e8-85dd-1bc72bb61ba4");

	private static final UUID TENANT = ControllerSlice.CALLER.tenantId();

	private static final DatasetInfo IRIS = new DatasetInfo(ID, "my-iris", "upload", "csv", List.of(4),
			List.of("sepal_length", "sepal_width", "petal_length", "petal_width"),
			List.of("setosa", "versicolor", "virginica"), 150, 0, "standardize", List.of(),
			"e404da8a0348eaa780e968c07a8f4dc90fe90eea54ddceeb5b444ce0caae8d30", 4009,
			Instant.parse("2025-01-31T12:00:00.123456Z"), null);

	private static final String IRIS_JSON = """
			{"id": "da3c8e17-b44c-39e8-85dd-1bc72bb61ba4", "name": "my-iris", "source": "upload", "format": "csv",
			 "featureShape": [4], "featureNames": ["sepal_length", "sepal_width", "petal_length", "petal_width"],
			 "classNames": ["setosa", "versicolor", "virginica"], "rows": 150, "testRows": 0,
			 "normalization": "standardize", "oneHot": [],
			 "sha256": "e404da8a0348eaa780e968c07a8f4dc90fe90eea54ddceeb5b444ce0caae8d30", "sizeBytes": 4009,
			 "createdAt": "2025-01-31T12:00:00.123456Z"}""";

	private static final byte[] CSV = "sepal_length,sepal_width,petal_length,petal_width,species\n5.1,3.5,1.4,0.2,setosa\n"
		.getBytes(StandardCharsets.UTF_8);

	@Autowired
	private MockMvcTester mvc;

	@MockitoBean
	private DatasetRegistry registry;

	@MockitoBean
	private DatasetUploads uploads;

	@MockitoBean
	private DatasetDeletion deletion;

	@Test
	void getsADatasetOfTheCallersTenant() {
		given(this.registry.get(TENANT, ID)).willReturn(IRIS);

		assertThat(this.mvc.get().uri(DATASET, ID)).hasStatusOk()
			.hasContentType(MediaType.APPLICATION_JSON)
			.bodyJson()
			.isStrictlyEqualTo(IRIS_JSON);
	}

	@Test
	void listsAPageOfTheCallersDatasetsSortedByName() {
		PageRequest second = PageRequest.of(1, 2, Sort.by("name"));
		given(this.registry.list(TENANT, second)).willReturn(new PageImpl<>(List.of(IRIS), second, 3));

		assertThat(this.mvc.get().uri(DATASETS + "?page=1&size=2")).hasStatusOk()
			.bodyJson()
			.isStrictlyEqualTo("{\"items\": [" + IRIS_JSON + "], \"page\": 1, \"size\": 2, \"totalItems\": 3, "
					+ "\"totalPages\": 2}");
	}

	@Test
	void uploadsEveryFieldAndPartAsSentAndAnswersWhereTheNewDatasetIs() throws IOException {
		given(this.uploads.upload(eq(TENANT), any())).willReturn(new DatasetUploads.Registered(IRIS, null));

		assertThat(upload(CSV)).hasStatus(HttpStatus.CREATED)
			.hasHeader("Location", "/api/v1/datasets/" + ID)
			.bodyJson()
			.isStrictlyEqualTo(IRIS_JSON);
		ArgumentCaptor<UploadRequest> sent = ArgumentCaptor.captor();
		verify(this.uploads).upload(eq(TENANT), sent.capture());
		assertThat(sent.getValue().fields())
			.isEqualTo(Map.of("name", List.of("my-iris"), "labelColumn", List.of("species")));
		assertThat(sent.getValue().parts()).containsOnlyKeys("file");
		assertThat(sent.getValue().parts().get("file").get(0).getInputStream().readAllBytes()).isEqualTo(CSV);
	}

	@Test
	void deletesADatasetOfTheCallersTenant() {
		assertThat(this.mvc.delete().uri(DATASET, ID)).hasStatus(HttpStatus.NO_CONTENT).body().isEmpty();
		verify(this.deletion).delete(TENANT, ID);
	}

	@ParameterizedTest
	@ValueSource(strings = { "junk", "1-2-3-4-5" })
	void anIdThatIsNotAUuidNamesNoDatasetWithoutALookup(String id) {
		assertProblem(this.mvc.get().uri(DATASET, id).exchange(), HttpStatus.NOT_FOUND, "not-found", "Not found",
				"Dataset '" + id + "' does not exist");
		assertProblem(this.mvc.delete().uri(DATASET, id).exchange(), HttpStatus.NOT_FOUND, "not-found", "Not found",
				"Dataset '" + id + "' does not exist");
		verifyNoInteractions(this.registry, this.deletion);
	}

	@Test
	void anUnknownDatasetIsNotFound() {
		given(this.registry.get(TENANT, ID)).willThrow(new NotFoundException("Dataset", ID));
		willThrow(new NotFoundException("Dataset", ID)).given(this.deletion).delete(TENANT, ID);

		assertProblem(this.mvc.get().uri(DATASET, ID).exchange(), HttpStatus.NOT_FOUND, "not-found", "Not found",
				"Dataset '" + ID + "' does not exist");
		assertProblem(this.mvc.delete().uri(DATASET, ID).exchange(), HttpStatus.NOT_FOUND, "not-found", "Not found",
				"Dataset '" + ID + "' does not exist");
	}

	@Test
	void aDatasetInUseIsNotDeleted() {
		willThrow(new ConflictException("dataset-in-use",
				"Dataset 'my-iris' is used by a queued or running job: cancel the job or wait for it to end"))
			.given(this.deletion)
			.delete(TENANT, ID);

		assertProblem(this.mvc.delete().uri(DATASET, ID).exchange(), HttpStatus.CONFLICT, "dataset-in-use", "Conflict",
				"Dataset 'my-iris' is used by a queued or running job: cancel the job or wait for it to end");
	}

	static Stream<Arguments> pagesOutOfRange() {
		InvalidField negativePage = new InvalidField("page", "must be 0 or more");
		InvalidField sizeOutOfRange = new InvalidField("size", "must be between 1 and 100");
		return Stream.of(Arguments.of("page=-1", List.of(negativePage)),
				Arguments.of("size=0", List.of(sizeOutOfRange)), Arguments.of("size=101", List.of(sizeOutOfRange)),
				Arguments.of("page=-5&size=101", List.of(negativePage, sizeOutOfRange)),
				Arguments.of("page=2147483647&size=100",
						List.of(new InvalidField("page", "must be at most 21474836 for size 100"))),
				Arguments.of("size=abc", List.of(new InvalidField("size", "'abc' is not a valid int"))),
				Arguments.of("page=1e3", List.of(new InvalidField("page", "'1e3' is not a valid int"))));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("pagesOutOfRange")
	void aPageOrSizeOutOfRangeIsRefusedNamingEachWithoutALookup(String query, List<InvalidField> errors) {
		assertInvalid(this.mvc.get().uri(DATASETS + "?" + query).exchange(), errors);
		verifyNoInteractions(this.registry);
	}

	@Test
	void anUploadThatIsNotAMultipartFormIsAnUnsupportedMediaType() {
		String form = "multipart/form-data";
		for (String type : List.of("application/json;charset=UTF-8", "text/plain;charset=UTF-8")) {
			assertUnsupportedMediaType(this.mvc.post().uri(DATASETS).contentType(type).content(CSV).exchange(), type,
					form);
		}
		// no Content-Type at all (which Spring MVC itself words as 'null')
		assertUnsupportedMediaType(this.mvc.post().uri(DATASETS).content(CSV).exchange(), null, form);
		verifyNoInteractions(this.uploads);
	}

	@Test
	void anUploadTheUploadsRefuseIsAnsweredWithTheirProblem() {
		given(this.uploads.upload(eq(TENANT), any()))
			.willThrow(
					new InvalidRequestException("file", "the file is empty: expected a header row naming the columns"))
			.willThrow(new UploadTooLargeException("file", 102400));

		assertInvalid(upload(new byte[0]), "file", "the file is empty: expected a header row naming the columns");
		assertProblem(upload(CSV), HttpStatus.CONTENT_TOO_LARGE, "upload-too-large", "Upload too large",
				"The part 'file' exceeds the size limit of 102400 bytes");
	}

	@Test
	void aDuplicateUploadNamesTheDatasetThatHasItsContent() {
		UUID existing = UUID.fromString("5b0c7d1e-2f3a-4b5c-8d9e-0f1a2b3c4d5e");
		given(this.uploads.upload(eq(TENANT), any())).willThrow(new DuplicateDatasetException(existing, "iris"));

		assertThat(upload(CSV)).hasStatus(HttpStatus.CONFLICT)
			.hasContentType(MediaType.APPLICATION_PROBLEM_JSON)
			.bodyJson()
			.isStrictlyEqualTo(
					"""
							{"type": "/problems/dataset-duplicate", "title": "Conflict", "status": 409,
							 "detail": "The same content was already uploaded as dataset 'iris' (5b0c7d1e-2f3a-4b5c-8d9e-0f1a2b3c4d5e)",
							 "instance": "/api/v1/datasets",
							 "existingId": "5b0c7d1e-2f3a-4b5c-8d9e-0f1a2b3c4d5e", "existingName": "iris"}""");
	}

	private MvcTestResult upload(byte[] csv) {
		return this.mvc.post()
			.uri(DATASETS)
			.multipart()
			.file(new MockMultipartFile("file", "iris.csv", "text/csv", csv))
			.param("name", "my-iris")
			.param("labelColumn", "species")
			.exchange();
	}

}
