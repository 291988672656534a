package dev.kiln.inference.internal;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Stream;

import dev.kiln.checkpoints.CheckpointInfo;
import dev.kiln.checkpoints.CheckpointMetric;
import dev.kiln.checkpoints.CheckpointService;
import dev.kiln.inference.InferenceProperties;
import dev.kiln.jobs.JobStatus;
import dev.kiln.jobs.TrainedModel;
import dev.kiln.jobs.TrainedModels;
import dev.kiln.web.InvalidField;
import dev.kiln.web.internal.ControllerSlice;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.mockito.ArgumentCaptor;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.Import;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
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
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;

/**
 * {@code POST /api/v1/jobs/{id}/predict} over the real web layer: how each request the
 * endpoint refuses is answered, and that a refused request never reaches the model. The
 * job's model and checkpoints (database) and the model cache (model files, ND4J) are
 * stand-ins; choosing the checkpoint and decoding the instances are the real
 * {@link PredictTargets}.
 */
@WebMvcTest(controllers = PredictController.class,
		properties = { "kiln.inference.max-instances=2", "kiln.web.max-json-body=1KB" })
@Import({ ControllerSlice.class, PredictTargets.class, InferenceMetrics.class, SimpleMeterRegistry.class })
@EnableConfigurationProperties(InferenceProperties.class)
class PredictControllerTest {

	private static final String PREDICT = "/api/v1/jobs/{id}/predict";

	private static final UUID JOB = UUID.fromString("3f2c8a0e-1b7d-4c52-9e0a-6d1f2b3c4d5e");

	private static final UUID TENANT = ControllerSlice.CALLER.tenantId();

	/** Still running, so that {@link PredictTargets} keeps nothing between tests. */
	private static final TrainedModel IRIS = new TrainedModel(JOB, JobStatus.RUNNING, List.of(4),
			List.of("sepal_length", "sepal_width", "petal_length", "petal_width"), List.of(),
			List.of("setosa", "versicolor", "virginica"), null, CheckpointMetric.VALIDATION_LOSS);

	private static final CheckpointInfo BEST = new CheckpointInfo(
			UUID.fromString("c0ffee00-1b7d-4c52-9e0a-6d1f2b3c4d5e"), JOB, 7, 4096, "ab12", 0.25, 0.9,
			Instant.parse("2025-01-31T12:00:00Z"));

	@Autowired
	private MockMvcTester mvc;

	@MockitoBean
	private TrainedModels models;

	@MockitoBean
	private CheckpointService checkpoints;

	@MockitoBean
	private ModelCache cache;

	@Test
	void predictsWithTheJobsBestCheckpointOfTheCallersTenant() {
		givenTheIrisJob();
		given(this.cache.probabilities(eq(BEST), any())).willReturn(new float[][] { { 0.125f, 0.75f, 0.125f } });

		MvcTestResult result = predict("{\"instances\": [[5.1, 3.5, 1.4, 0.2]]}");

		assertThat(result).hasStatusOk().hasContentType(MediaType.APPLICATION_JSON).bodyJson().isStrictlyEqualTo("""
				{"predictions": [{"label": "versicolor", "classIndex": 1,
				  "probabilities": {"setosa": 0.125, "versicolor": 0.75, "virginica": 0.125}}],
				 "checkpoint": "c0ffee00-1b7d-4c52-9e0a-6d1f2b3c4d5e"}""");
		ArgumentCaptor<float[][]> rows = ArgumentCaptor.captor();
		verify(this.cache).probabilities(eq(BEST), rows.capture());
		assertThat(rows.getValue()).isEqualTo(new float[][] { { 5.1f, 3.5f, 1.4f, 0.2f } });
	}

	@Test
	void aJobTheCallersTenantDoesNotHaveIsNotFound() {
		MvcTestResult result = predict("{\"instances\": [[5.1, 3.5, 1.4, 0.2]]}");

		assertProblem(result, HttpStatus.NOT_FOUND, "not-found", "Not found", "Job '" + JOB + "' does not exist");
		verify(this.models).find(TENANT, JOB);
		verifyNoInteractions(this.checkpoints, this.cache);
	}

	@Test
	void aJobWithoutACheckpointYetIsAConflict() {
		given(this.models.find(TENANT, JOB)).willReturn(Optional.of(IRIS));

		MvcTestResult result = predict("{\"instances\": [[5.1, 3.5, 1.4, 0.2]]}");

		assertProblem(result, HttpStatus.CONFLICT, "no-checkpoint", "Conflict",
				"Job " + JOB + " has no checkpoint yet (it is RUNNING)");
		verifyNoInteractions(this.cache);
	}

	@Test
	void aCheckpointThatIsNotTheJobsIsNotFound() {
		givenTheIrisJob();
		UUID unknown = UUID.fromString("0000dead-0000-4000-8000-000000000000");
		UUID another = UUID.fromString("0000beef-0000-4000-8000-000000000000");
		given(this.checkpoints.find(another)).willReturn(Optional.of(new CheckpointInfo(another, UUID.randomUUID(), 1,
				4096, "cd34", 0.5, 0.5, Instant.parse("2025-01-31T12:00:00Z"))));

		for (UUID checkpoint : List.of(unknown, another)) {
			MvcTestResult result = predict(
					"{\"instances\": [[5.1, 3.5, 1.4, 0.2]], \"checkpoint\": \"" + checkpoint + "\"}");

			assertProblem(result, HttpStatus.NOT_FOUND, "not-found", "Not found",
					"Checkpoint of job " + JOB + " '" + checkpoint + "' does not exist");
		}
		verifyNoInteractions(this.cache);
	}

	static Stream<Arguments> unreadableBodies() {
		return Stream.of(
				Arguments.of("malformed JSON", "{instances: [[1, 2, 3, 4]]}", "$",
						"malformed JSON at line 1, column 2: Unexpected character ('i' (code 105)): "
								+ "was expecting double-quote to start property name"),
				Arguments.of("truncated JSON", "{\"instances\": [[1, 2, 3, 4]]", "$",
						"malformed JSON at line 1, column 29: "
								+ "the body ends before the object that starts at line 1, column 1 is closed"),
				Arguments.of("truncated JSON in an array", "{\"instances\": [[1, 2, 3, 4]", "$.instances",
						"malformed JSON at line 1, column 28: "
								+ "the body ends before the array that starts at line 1, column 15 is closed"),
				Arguments.of("JSON truncated in a string", "{\"checkpoint\": \"3f2c8a0e", "$.checkpoint",
						"malformed JSON at line 1, column 25: the body ends inside a string"),
				Arguments.of("an array closed by a brace", "{\"instances\": [[1, 2, 3, 4]}", "$.instances",
						"malformed JSON at line 1, column 28: "
								+ "found '}' where ']' should close the array that starts at line 1, column 15"),
				Arguments.of("NaN", "{\"instances\": [[NaN, 2, 3, 4]]}", "$.instances[0]",
						"malformed JSON at line 1, column 20: Non-standard token 'NaN'"),
				Arguments.of("an empty body", "", "$", "the request body is missing or is not valid JSON"),
				Arguments.of("null", "null", "$", "the request body is missing or is not valid JSON"),
				Arguments.of("an array where the body belongs", "[[5.1, 3.5, 1.4, 0.2]]", "$", "expected object"),
				Arguments.of("an unknown field", "{\"instance\": [[1, 2, 3, 4]]}", "$.instance",
						"unknown field 'instance'"),
				Arguments.of("a duplicated key", "{\"instances\": [[1, 2, 3, 4]], \"instances\": [[1, 2, 3, 4]]}", "$",
						"malformed JSON at line 1, column 42: Duplicate Object property \"instances\""),
				Arguments.of("a string as instances", "{\"instances\": \"1,2,3,4\"}", "$.instances", "expected array"),
				Arguments.of("a checkpoint that is not a UUID",
						"{\"instances\": [[1, 2, 3, 4]], \"checkpoint\": \"junk\"}", "$.checkpoint",
						"'junk' is not a valid UUID"),
				Arguments.of("a number as checkpoint", "{\"instances\": [[1, 2, 3, 4]], \"checkpoint\": 42}",
						"$.checkpoint", "'42' is not a valid UUID"));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("unreadableBodies")
	void aBodyThatCannotBeReadIsRefusedNamingWhereBeforeAnythingIsLookedUp(String what, String body, String path,
			String reason) {
		MvcTestResult result = predict(body);

		assertInvalid(result, path, reason);
		verifyNoInteractions(this.models, this.checkpoints, this.cache);
	}

	static Stream<Arguments> instancesThatDoNotFit() {
		String mustHoldOne = "must hold at least one instance";
		return Stream.of(
				Arguments.of("no instances field", "{}", "$.instances: " + mustHoldOne,
						List.of(new InvalidField("$.instances", mustHoldOne))),
				Arguments.of("null instances", "{\"instances\": null}", "$.instances: " + mustHoldOne,
						List.of(new InvalidField("$.instances", mustHoldOne))),
				Arguments.of("no instances", "{\"instances\": []}", "$.instances: " + mustHoldOne,
						List.of(new InvalidField("$.instances", mustHoldOne))),
				Arguments.of("more instances than kiln.inference.max-instances",
						"{\"instances\": [[1, 2, 3, 4], [1, 2, 3, 4], [1, 2, 3, 4]]}",
						"$.instances: holds 3 instances; at most 2 are allowed",
						List.of(new InvalidField("$.instances", "holds 3 instances; at most 2 are allowed"))),
				Arguments.of("too few features and a string feature", "{\"instances\": [[1, 2, 3], [1, 2, \"x\", 4]]}",
						"2 instance(s) do not fit the model's input [4]",
						List.of(new InvalidField("$.instances[0]", "has 3 values but the model takes 4 (shape [4])"),
								new InvalidField("$.instances[1][2]", "must be a number"))),
				Arguments.of("a null instance and a number beyond a float", "{\"instances\": [null, [1e40, 2, 3, 4]]}",
						"2 instance(s) do not fit the model's input [4]",
						List.of(new InvalidField("$.instances[0]",
								"must be an array of 4 numbers or nested arrays of shape [4]"),
								new InvalidField("$.instances[1][0]",
										"must be a finite number within the range of a 32-bit float"))));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("instancesThatDoNotFit")
	void instancesThatDoNotFitTheModelAreRefusedFieldByFieldWithoutCallingIt(String what, String body, String detail,
			List<InvalidField> errors) {
		givenTheIrisJob();

		MvcTestResult result = predict(body);

		assertProblem(result, HttpStatus.BAD_REQUEST, "invalid-request", "Invalid request", detail,
				errors.toArray(InvalidField[]::new));
		verifyNoInteractions(this.cache);
	}

	@Test
	void aJobIdThatIsNotAUuidIsRefusedNamingTheParameter() {
		MvcTestResult result = this.mvc.post()
			.uri(PREDICT, "junk")
			.contentType(MediaType.APPLICATION_JSON)
			.content("{\"instances\": [[1, 2, 3, 4]]}")
			.exchange();

		assertInvalid(result, "id", "'junk' is not a valid UUID");
		verifyNoInteractions(this.models, this.checkpoints, this.cache);
	}

	@Test
	void aBodyThatIsNotJsonIsAnUnsupportedMediaType() {
		String text = "text/plain;charset=UTF-8";
		byte[] body = "{\"instances\": [[1, 2, 3, 4]]}".getBytes(StandardCharsets.UTF_8);

		String json = "application/json, application/yaml or application/*+json";
		assertUnsupportedMediaType(this.mvc.post().uri(PREDICT, JOB).contentType(text).content(body).exchange(), text,
				json);
		// no Content-Type at all (which Spring MVC itself takes for
		// application/octet-stream)
		assertUnsupportedMediaType(this.mvc.post().uri(PREDICT, JOB).content(body).exchange(), null, json);
		verifyNoInteractions(this.models, this.checkpoints, this.cache);
	}

	@Test
	void aBodyOverTheJsonLimitIsRefusedUnread() {
		MvcTestResult result = predict("{\"instances\": [[1, 2, 3, 4]], \"checkpoint\": \"" + "x".repeat(1024) + "\"}");

		assertProblem(result, HttpStatus.CONTENT_TOO_LARGE, "body-too-large", "Request body too large",
				"The JSON body exceeds the limit of 1024 bytes");
		verifyNoInteractions(this.models, this.checkpoints, this.cache);
	}

	private void givenTheIrisJob() {
		given(this.models.find(TENANT, JOB)).willReturn(Optional.of(IRIS));
		given(this.checkpoints.best(JOB, CheckpointMetric.VALIDATION_LOSS)).willReturn(Optional.of(BEST));
	}

	private MvcTestResult predict(String body) {
		return this.mvc.post().uri(PREDICT, JOB).contentType(MediaType.APPLICATION_JSON).content(body).exchange();
	}

}
