package dev.kiln.jobs.internal.api;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;

import dev.kiln.jobs.IllegalJobStateChangeException;
import dev.kiln.jobs.JobStatus;
import dev.kiln.jobs.internal.api.JobResponses.DryRunResponse;
import dev.kiln.jobs.internal.api.JobResponses.JobResponse;
import dev.kiln.jobs.internal.api.JobResponses.JobSummary;
import dev.kiln.jobs.internal.events.JobEventStreams;
import dev.kiln.jobs.internal.queue.JobDispatcher;
import dev.kiln.spec.CompiledSpec;
import dev.kiln.spec.JobSpec;
import dev.kiln.spec.LayerSpec;
import dev.kiln.spec.LayerSummary;
import dev.kiln.spec.ModelSpec;
import dev.kiln.web.ConflictException;
import dev.kiln.web.InvalidField;
import dev.kiln.web.InvalidRequestException;
import dev.kiln.web.NotFoundException;
import dev.kiln.web.PageResponse;
import dev.kiln.web.internal.ControllerSlice;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.Import;
import org.springframework.data.domain.PageRequest;
import org.springframework.data.domain.Sort;
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
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;

/**
 * {@code /api/v1/jobs} and a job's event stream over the real web layer: how each request
 * the controllers refuse is answered, that a refused request never reaches the jobs, the
 * dispatcher or the event streams, and how the jobs' refusals (an invalid spec, an
 * unknown job, a job that has ended) become problem documents. They are stand-ins (they
 * need the database and the engine); the end-to-end tests run the same paths with the
 * real ones.
 */
@WebMvcTest(controllers = { JobController.class, JobEventController.class }, properties = "kiln.web.max-json-body=1KB")
@Import(ControllerSlice.class)
class JobControllerTest {

	private static final String JOBS = "/api/v1/jobs";

	private static final UUID ID = UUID.fromString("4a7d1e2f-3b4c-4d5e-8f60-718293a4b5c6");

	private static final UUID DATASET = UUID.fromString("da3c8e17-b44c-39e8-85dd-1bc72bb61ba4");

	private static final UUID TENANT = ControllerSlice.CALLER.tenantId();

	private static final Instant CREATED = Instant.parse("2025-01-31T12:00:00.123456Z");

	private static final String SPEC = """
			{"name": "iris-mlp", "dataset": "iris",
			 "model": {"input": [4], "layers": [{"type": "output", "units": 3}]}}""";

	/** {@link #SPEC} as the controller reads it. */
	private static final JobSpec IRIS = new JobSpec("iris-mlp", "iris", null, null,
			new ModelSpec(List.of(4),
					List.of(new LayerSpec("output", 3, null, null, null, null, null, null, null, null, null)), null),
			null, null, null, null, null);

	private static final JobResponse QUEUED = new JobResponse(ID, "iris-mlp", JobStatus.QUEUED, DATASET, 0, 40, null, 0,
			0, null, "a free worker", CREATED, null, null, CREATED, null, null, List.of(), List.of(), IRIS);

	private static final String QUEUED_JSON = """
			{"id": "4a7d1e2f-3b4c-4d5e-8f60-718293a4b5c6", "name": "iris-mlp", "status": "QUEUED",
			 "datasetId": "da3c8e17-b44c-39e8-85dd-1bc72bb61ba4", "epoch": 0, "epochs": 40, "progress": null,
			 "iterations": 0, "attempt": 0, "error": null, "waitingFor": "a free worker",
			 "createdAt": "2025-01-31T12:00:00.123456Z", "startedAt": null, "finishedAt": null,
			 "updatedAt": "2025-01-31T12:00:00.123456Z", "bestCheckpoint": null, "evaluation": null,
			 "transitions": [], "attempts": [],
			 "spec": {"name": "iris-mlp", "dataset": "iris", "split": null, "normalization": null,
			          "model": {"input": [4], "layers": [{"type": "output", "units": 3, "filters": null, "kernel": null,
			                    "stride": null, "padding": null, "activation": null, "rate": null, "dropout": null,
			                    "loss": null, "weightInit": null}], "weightInit": null},
			          "training": null, "checkpoints": null, "stopping": null, "device": null, "callback": null}}""";

	@Autowired
	private MockMvcTester mvc;

	@MockitoBean
	private JobService jobs;

	@MockitoBean
	private JobDispatcher dispatcher;

	@MockitoBean
	private JobEventStreams streams;

	@Test
	void queuesTheSpecAsReadForTheCallersTenantWakesTheDispatcherAndAnswersWhereTheJobIs() {
		given(this.jobs.submit(TENANT, IRIS)).willReturn(QUEUED);

		assertThat(submit(JOBS, SPEC)).hasStatus(HttpStatus.ACCEPTED)
			.hasHeader("Location", "/api/v1/jobs/" + ID)
			.hasContentType(MediaType.APPLICATION_JSON)
			.bodyJson()
			.isStrictlyEqualTo(QUEUED_JSON);
		verify(this.dispatcher).wake();
	}

	@Test
	void aDryRunDescribesTheJobAndQueuesNothing() {
		CompiledSpec.Settings settings = new CompiledSpec.Settings(10, 32, 42, 0.2, 0.2, 42, "none", 1, 3,
				"validationLoss", CompiledSpec.Stopping.NONE, "any");
		given(this.jobs.dryRun(TENANT, IRIS)).willReturn(new DryRunResponse(true, DATASET,
				List.of(new LayerSummary(0, "output", List.of(3), 15)), 15, 4096, settings));

		assertThat(submit(JOBS + "?dryRun=true", SPEC)).hasStatusOk()
			.doesNotContainHeader("Location")
			.bodyJson()
			.isStrictlyEqualTo("""
					{"valid": true, "datasetId": "da3c8e17-b44c-39e8-85dd-1bc72bb61ba4",
					 "layers": [{"index": 0, "type": "output", "outputShape": [3], "parameters": 15}],
					 "parameters": 15, "estimatedMemoryBytes": 4096,
					 "settings": {"epochs": 10, "batchSize": 32, "seed": 42, "validationFraction": 0.2,
					              "testFraction": 0.2, "splitSeed": 42, "normalization": "none", "checkpointEvery": 1,
					              "keepLast": 3, "checkpointMetric": "validationLoss",
					              "stopping": {"maxRuntime": null, "maxQueueWait": null, "earlyStopping": null},
					              "device": "any"}}""");
		verify(this.jobs, never()).submit(any(), any());
		verifyNoInteractions(this.dispatcher);
	}

	@Test
	void getsAJobOfTheCallersTenant() {
		given(this.jobs.get(TENANT, ID)).willReturn(QUEUED);

		assertThat(this.mvc.get().uri(JOBS + "/{id}", ID)).hasStatusOk()
			.hasContentType(MediaType.APPLICATION_JSON)
			.bodyJson()
			.isStrictlyEqualTo(QUEUED_JSON);
	}

	@Test
	void listsAPageOfTheCallersJobsInAStatusNewestFirst() {
		PageRequest second = PageRequest.of(1, 2, Sort.by(Sort.Direction.DESC, "createdAt"));
		JobSummary summary = new JobSummary(ID, "iris-mlp", JobStatus.CANCELLED, DATASET, 4, 40, 0.1, null, CREATED,
				CREATED, CREATED);
		given(this.jobs.list(TENANT, JobStatus.CANCELLED, second))
			.willReturn(new PageResponse<>(List.of(summary), 1, 2, 3, 2));

		assertThat(this.mvc.get().uri(JOBS + "?status=CANCELLED&page=1&size=2")).hasStatusOk()
			.bodyJson()
			.isStrictlyEqualTo("""
					{"items": [{"id": "4a7d1e2f-3b4c-4d5e-8f60-718293a4b5c6", "name": "iris-mlp",
					            "status": "CANCELLED", "datasetId": "da3c8e17-b44c-39e8-85dd-1bc72bb61ba4",
					            "epoch": 4, "epochs": 40, "progress": 0.1, "error": null,
					            "createdAt": "2025-01-31T12:00:00.123456Z", "startedAt": "2025-01-31T12:00:00.123456Z",
					            "finishedAt": "2025-01-31T12:00:00.123456Z"}],
					 "page": 1, "size": 2, "totalItems": 3, "totalPages": 2}""");
	}

	/**
	 * A spec the jobs refuse, as their planner does: every violation of the spec, each by
	 * its JSON path.
	 */
	@Test
	void aSpecTheJobsRefuseIsAnsweredFieldByFieldAndNothingIsQueued() {
		List<InvalidField> violations = List.of(
				new InvalidField("$.model.layers[0].units", "output has 4 units but the dataset has 3 classes"),
				new InvalidField("$.training.epochs", "must be between 1 and 100000; got 0"));
		InvalidRequestException refusal = new InvalidRequestException("The job spec is invalid: 2 problem(s)",
				violations);
		given(this.jobs.submit(any(), any())).willThrow(refusal);
		given(this.jobs.dryRun(any(), any())).willThrow(refusal);
		String spec = """
				{"dataset": "iris", "model": {"input": [4], "layers": [{"type": "output", "units": 4}]},
				 "training": {"epochs": 0}}""";

		for (String path : List.of(JOBS, JOBS + "?dryRun=true")) {
			assertProblem(submit(path, spec), HttpStatus.BAD_REQUEST, "invalid-request", "Invalid request",
					"The job spec is invalid: 2 problem(s)", violations.toArray(InvalidField[]::new));
		}
		verifyNoInteractions(this.dispatcher);
	}

	@Test
	void aSpecOnADeletedDatasetIsAConflict() {
		String detail = "Dataset 'iris' (" + DATASET + ") was deleted: new jobs cannot train on it";
		given(this.jobs.submit(TENANT, IRIS)).willThrow(new ConflictException("dataset-deleted", detail));

		assertProblem(submit(JOBS, SPEC), HttpStatus.CONFLICT, "dataset-deleted", "Conflict", detail);
		verifyNoInteractions(this.dispatcher);
	}

	static Stream<Arguments> unreadableSpecs() {
		return Stream.of(Arguments.of("malformed JSON", "{\"dataset\": \"iris\", ", "$",
				"malformed JSON at line 1, column 21: the body ends before the object that starts at line 1, column 1 is closed"),
				Arguments.of("an empty body", "", "$", "the request body is missing or is not valid JSON"),
				Arguments.of("null", "null", "$", "the request body is missing or is not valid JSON"),
				Arguments.of("an array where the spec belongs", "[" + SPEC + "]", "$", "expected object"),
				Arguments.of("an unknown field", "{\"dataset\": \"iris\", \"trainingg\": {}}", "$.trainingg",
						"unknown field 'trainingg'"),
				Arguments.of("an unknown layer field",
						"{\"model\": {\"layers\": [{\"type\": \"dense\", \"unitz\": 8}]}}", "$.model.layers[0].unitz",
						"unknown field 'unitz'"),
				Arguments.of("a duplicated key", "{\"dataset\": \"wine\", \"dataset\": \"iris\"}", "$",
						"malformed JSON at line 1, column 30: Duplicate Object property \"dataset\""),
				Arguments.of("units as text", "{\"model\": {\"layers\": [{\"type\": \"dense\", \"units\": \"8\"}]}}",
						"$.model.layers[0].units", "expected integer"),
				Arguments.of("a fraction where an integer belongs",
						"{\"model\": {\"layers\": [{\"type\": \"dense\", \"units\": 8.5}]}}", "$.model.layers[0].units",
						"'8.5' is not a valid integer"),
				Arguments.of("a boolean where the epochs belong", "{\"training\": {\"epochs\": true}}",
						"$.training.epochs", "expected integer"),
				Arguments.of("a string where the model belongs", "{\"dataset\": \"iris\", \"model\": \"mlp\"}",
						"$.model", "expected object"),
				Arguments.of("an object where the layers belong", "{\"model\": {\"layers\": {\"type\": \"output\"}}}",
						"$.model.layers", "expected array"),
				Arguments.of("a number as the dataset", "{\"dataset\": 42}", "$.dataset",
						"'42' is not a valid string"));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("unreadableSpecs")
	void aSpecThatCannotBeReadIsRefusedNamingWhereWithoutReachingTheJobs(String what, String body, String path,
			String reason) {
		assertInvalid(submit(JOBS, body), path, reason);
		verifyNoInteractions(this.jobs, this.dispatcher);
	}

	@Test
	void aDryRunFlagThatIsNotABooleanIsRefused() {
		assertInvalid(submit(JOBS + "?dryRun=maybe", SPEC), "dryRun", "'maybe' is not a valid boolean");
		verifyNoInteractions(this.jobs, this.dispatcher);
	}

	@Test
	void aSpecThatIsNotJsonIsAnUnsupportedMediaType() {
		byte[] spec = SPEC.getBytes(StandardCharsets.UTF_8);
		String json = "application/json, application/yaml or application/*+json";
		for (String type : List.of("text/plain;charset=UTF-8", "application/xml;charset=UTF-8")) {
			assertUnsupportedMediaType(this.mvc.post().uri(JOBS).contentType(type).content(spec).exchange(), type,
					json);
		}
		String form = "application/x-www-form-urlencoded;charset=UTF-8";
		assertUnsupportedMediaType(
				this.mvc.post().uri(JOBS).contentType(form).content("dataset=iris&name=iris-mlp").exchange(), form,
				json);
		// a JSON spec over several lines sent as a form (curl --data-binary without -H):
		// its form field names hold line breaks, which the security firewall refuses
		assertUnsupportedMediaType(this.mvc.post().uri(JOBS).contentType(form).content(spec).exchange(), form, json);
		assertUnsupportedMediaType(
				this.mvc.post().uri(JOBS + "?dryRun=true").contentType(form).content(spec).exchange(), form, json);
		// no Content-Type at all (which Spring MVC itself takes for
		// application/octet-stream)
		assertUnsupportedMediaType(this.mvc.post().uri(JOBS).content(spec).exchange(), null, json);
		verifyNoInteractions(this.jobs, this.dispatcher);
	}

	@Test
	void aSpecOverTheJsonLimitIsRefusedUnread() {
		MvcTestResult result = submit(JOBS, "{\"dataset\": \"iris\", \"name\": \"" + "x".repeat(1024) + "\"}");

		assertProblem(result, HttpStatus.CONTENT_TOO_LARGE, "body-too-large", "Request body too large",
				"The JSON body exceeds the limit of 1024 bytes");
		verifyNoInteractions(this.jobs, this.dispatcher);
	}

	@ParameterizedTest
	@ValueSource(strings = { "", "/cancel", "/metrics", "/checkpoints", "/evaluation", "/events" })
	void aJobIdThatIsNotAUuidIsRefusedNamingTheParameter(String under) {
		String path = JOBS + "/junk" + under;
		MvcTestResult result = under.equals("/cancel") ? this.mvc.post().uri(path).exchange()
				: this.mvc.get().uri(path).exchange();

		assertInvalid(result, "id", "'junk' is not a valid UUID");
		verifyNoInteractions(this.jobs, this.dispatcher, this.streams);
	}

	@Test
	void aJobTheCallersTenantDoesNotHaveIsNotFound() {
		NotFoundException unknown = new NotFoundException("Job", ID);
		given(this.jobs.get(TENANT, ID)).willThrow(unknown);
		given(this.jobs.cancel(TENANT, ID)).willThrow(unknown);
		given(this.jobs.metrics(TENANT, ID)).willThrow(unknown);
		given(this.jobs.checkpoints(TENANT, ID)).willThrow(unknown);
		given(this.jobs.evaluation(TENANT, ID)).willThrow(unknown);
		given(this.jobs.status(TENANT, ID)).willThrow(unknown);
		String job = JOBS + "/" + ID;

		for (MvcTestResult result : List.of(this.mvc.get().uri(job).exchange(),
				this.mvc.post().uri(job + "/cancel").exchange(), this.mvc.get().uri(job + "/metrics").exchange(),
				this.mvc.get().uri(job + "/checkpoints").exchange(), this.mvc.get().uri(job + "/evaluation").exchange(),
				this.mvc.get().uri(job + "/events").accept(MediaType.TEXT_EVENT_STREAM).exchange())) {
			assertProblem(result, HttpStatus.NOT_FOUND, "not-found", "Not found", "Job '" + ID + "' does not exist");
		}
		verifyNoInteractions(this.streams);
	}

	@Test
	void theEvaluationOfAJobThatHasNotSucceededIsNotFound() {
		given(this.jobs.evaluation(TENANT, ID)).willThrow(new NotFoundException("Test evaluation of job", ID));

		assertProblem(this.mvc.get().uri(JOBS + "/{id}/evaluation", ID).exchange(), HttpStatus.NOT_FOUND, "not-found",
				"Not found", "Test evaluation of job '" + ID + "' does not exist");
	}

	@Test
	void aJobThatHasEndedCannotBeCancelled() {
		given(this.jobs.cancel(TENANT, ID))
			.willThrow(new IllegalJobStateChangeException(JobStatus.SUCCEEDED, JobStatus.CANCELLING));

		assertProblem(this.mvc.post().uri(JOBS + "/{id}/cancel", ID).exchange(), HttpStatus.CONFLICT,
				"illegal-state-change", "Conflict",
				"The job has already ended (SUCCEEDED): there is nothing to cancel");
	}

	private static final String STATUSES = "QUEUED, RUNNING, CANCELLING, SUCCEEDED, FAILED, CANCELLED";

	static Stream<Arguments> badListQueries() {
		InvalidField negativePage = new InvalidField("page", "must be 0 or more");
		InvalidField sizeOutOfRange = new InvalidField("size", "must be between 1 and 200");
		return Stream.of(Arguments.of("page=-1", List.of(negativePage)),
				Arguments.of("size=0", List.of(sizeOutOfRange)), Arguments.of("size=201", List.of(sizeOutOfRange)),
				Arguments.of("page=-1&size=0", List.of(negativePage, sizeOutOfRange)),
				Arguments.of("page=2147483647&size=200",
						List.of(new InvalidField("page", "must be at most 10737418 for size 200"))),
				Arguments.of("size=abc", List.of(new InvalidField("size", "'abc' is not a valid int"))),
				Arguments.of("size=99999999999", List.of(new InvalidField("size", "'99999999999' is not a valid int"))),
				Arguments.of("status=FOO",
						List.of(new InvalidField("status", "'FOO' is not a job status: one of " + STATUSES))),
				// statuses are matched as the API writes them
				Arguments.of("status=queued",
						List.of(new InvalidField("status", "'queued' is not a job status: one of " + STATUSES))));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("badListQueries")
	void aBadPageSizeOrStatusIsRefusedNamingEachWithoutALookup(String query, List<InvalidField> errors) {
		assertInvalid(this.mvc.get().uri(JOBS + "?" + query).exchange(), errors);
		verifyNoInteractions(this.jobs);
	}

	@ParameterizedTest
	@ValueSource(strings = { "abc", "-1", "1.5", "99999999999999999999999" })
	void aLastEventIdThatIsNotAnEventIdIsRefusedBeforeTheJobIsLookedUp(String lastEventId) {
		MvcTestResult result = this.mvc.get()
			.uri(JOBS + "/{id}/events", ID)
			.accept(MediaType.TEXT_EVENT_STREAM)
			.header("Last-Event-ID", lastEventId)
			.exchange();

		assertInvalid(result, "Last-Event-ID",
				"must be the id of an event of this stream (a whole number from 0), was \"" + lastEventId + "\"");
		verifyNoInteractions(this.jobs, this.streams);
	}

	private MvcTestResult submit(String path, String body) {
		return this.mvc.post().uri(path).contentType(MediaType.APPLICATION_JSON).content(body).exchange();
	}

}
