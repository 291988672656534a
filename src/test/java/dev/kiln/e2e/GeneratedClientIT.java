package dev.kiln.e2e;

import java.io.File;
import java.net.URI;
import java.nio.file.Files;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import dev.kiln.client.ApiClient;
import dev.kiln.client.ApiException;
import dev.kiln.client.ApiResponse;
import dev.kiln.client.api.CheckpointsApi;
import dev.kiln.client.api.DatasetsApi;
import dev.kiln.client.api.InferenceApi;
import dev.kiln.client.api.JobsApi;
import dev.kiln.client.model.CheckpointInfo;
import dev.kiln.client.model.CheckpointsResponse;
import dev.kiln.client.model.Dataset;
import dev.kiln.client.model.DryRunResponse;
import dev.kiln.client.model.EpochMetrics;
import dev.kiln.client.model.EvaluationResponse;
import dev.kiln.client.model.JobResponse;
import dev.kiln.client.model.JobSpec;
import dev.kiln.client.model.LayerSpec;
import dev.kiln.client.model.MetricsResponse;
import dev.kiln.client.model.ModelSpec;
import dev.kiln.client.model.OptimizerSpec;
import dev.kiln.client.model.PredictRequest;
import dev.kiln.client.model.PredictResponse;
import dev.kiln.client.model.Prediction;
import dev.kiln.client.model.ProblemDetail;
import dev.kiln.client.model.SplitSpec;
import dev.kiln.client.model.TrainingSpec;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.assertj.core.api.Assertions.within;

/**
 * A client generated from the published contract ({@code openapi/kiln.yaml}, by
 * openapi-generator's Java generator with the JDK's HttpClient, at build time) works
 * against a running Kiln: this test uses nothing but the generated code and the API key.
 */
class GeneratedClientIT extends KilnServerIT {

	private static final Set<JobResponse.StatusEnum> ENDED = Set.of(JobResponse.StatusEnum.SUCCEEDED,
			JobResponse.StatusEnum.FAILED, JobResponse.StatusEnum.CANCELLED);

	private ApiClient client;

	private JobsApi jobs;

	@BeforeEach
	void generatedClient() {
		String key = KilnClient.adminKey(DATA_DIR);
		this.client = new ApiClient();
		this.client.updateBaseUri("http://localhost:" + this.port);
		this.client.setRequestInterceptor((request) -> request.header("Authorization", "Bearer " + key));
		this.jobs = new JobsApi(this.client);
	}

	@Test
	void listsDatasetsDryRunsTrainsReadsMetricsCheckpointsAndEvaluationAndPredicts() throws Exception {
		List<Dataset> datasets = new DatasetsApi(this.client).listDatasets(0, 100).getItems();
		assertThat(datasets).extracting(Dataset::getName).contains("iris");

		JobSpec spec = tinyIrisJob();
		DryRunResponse dryRun = this.jobs.submitJob(spec, true);
		assertThat(dryRun.getValid()).isTrue();
		// 4 inputs x 8 units + 8 biases, then 8 x 3 + 3
		assertThat(dryRun.getParameters()).isEqualTo(4 * 8 + 8 + 8 * 3 + 3);
		assertThat(dryRun.getLayers()).hasSize(2);

		// a queued job answers 202 with the job; its Location names it
		ApiResponse<DryRunResponse> queued = this.jobs.submitJobWithHttpInfo(spec, false);
		assertThat(queued.getStatusCode()).isEqualTo(202);
		String location = queued.getHeaders().get("Location").get(0);
		UUID id = UUID.fromString(location.substring(location.lastIndexOf('/') + 1));

		JobResponse job = awaitEnd(id, Duration.ofMinutes(3));
		assertThat(job.getStatus()).as("job %s: %s", id, job.getError()).isEqualTo(JobResponse.StatusEnum.SUCCEEDED);
		assertThat(job.getEpoch()).isEqualTo(3);

		MetricsResponse metrics = this.jobs.getJobMetrics(id);
		assertThat(metrics.getItems()).extracting(EpochMetrics::getEpoch).containsExactly(1, 2, 3);
		assertThat(metrics.getItems()).allSatisfy((epoch) -> assertThat(epoch.getTrainLoss()).isFinite().isPositive());

		CheckpointsResponse checkpoints = this.jobs.getJobCheckpoints(id);
		assertThat(checkpoints.getItems()).isNotEmpty();
		assertThat(checkpoints.getItems()).extracting(CheckpointInfo::getId)
			.contains(checkpoints.getBestCheckpointId());
		CheckpointsApi checkpointsApi = new CheckpointsApi(this.client);
		CheckpointInfo best = checkpointsApi.getCheckpoint(checkpoints.getBestCheckpointId());
		assertThat(best.getJobId()).isEqualTo(id);
		File download = checkpointsApi.downloadCheckpoint(best.getId());
		assertThat(download).hasSize(best.getSizeBytes());
		assertThat(HexFormat.of()
			.formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(download.toPath()))))
			.isEqualTo(best.getSha256());

		EvaluationResponse evaluation = this.jobs.getJobEvaluation(id);
		assertThat(evaluation.getCheckpointId()).isEqualTo(best.getId());
		assertThat(evaluation.getLabels()).containsExactly("setosa", "versicolor", "virginica");
		assertThat(evaluation.getAccuracy()).isBetween(0.0, 1.0);
		assertThat(evaluation.getConfusion().stream().flatMap(List::stream).mapToInt(Integer::intValue).sum())
			.isEqualTo(evaluation.getExamples());

		PredictResponse predicted = new InferenceApi(this.client).predict(id,
				new PredictRequest().instances(List.of(List.of(5.1, 3.5, 1.4, 0.2), List.of(6.7, 3.0, 5.2, 2.3))));
		assertThat(predicted.getCheckpoint()).isEqualTo(checkpoints.getBestCheckpointId());
		assertThat(predicted.getPredictions()).hasSize(2).allSatisfy((prediction) -> {
			assertThat(prediction.getLabel()).isIn("setosa", "versicolor", "virginica");
			assertThat(prediction.getProbabilities().values().stream().mapToDouble(Double::doubleValue).sum())
				.isCloseTo(1.0, within(1e-4));
		});
		assertThat(predicted.getPredictions()).extracting(Prediction::getClassIndex).allMatch((c) -> c >= 0 && c < 3);
	}

	@Test
	void aMissingJobIsA404ProblemDocumentInTheClientsException() throws Exception {
		UUID missing = UUID.randomUUID();

		ApiException refused = catchThrowableOfType(ApiException.class, () -> this.jobs.getJob(missing));

		assertThat(refused.getCode()).isEqualTo(404);
		assertThat(refused.getResponseHeaders().firstValue("Content-Type"))
			.hasValueSatisfying((type) -> assertThat(type).startsWith("application/problem+json"));
		ProblemDetail problem = this.client.getObjectMapper().readValue(refused.getResponseBody(), ProblemDetail.class);
		assertThat(problem.getStatus()).isEqualTo(404);
		assertThat(problem.getType()).isEqualTo(URI.create("/problems/not-found"));
		assertThat(problem.getDetail()).contains(missing.toString());
	}

	@Test
	void anInvalidSpecIsA400ProblemNamingTheField() throws Exception {
		JobSpec spec = tinyIrisJob();
		spec.getTraining().setEpochs(0);

		ApiException refused = catchThrowableOfType(ApiException.class, () -> this.jobs.submitJob(spec, true));

		assertThat(refused.getCode()).isEqualTo(400);
		ProblemDetail problem = this.client.getObjectMapper().readValue(refused.getResponseBody(), ProblemDetail.class);
		assertThat(problem.getType()).isEqualTo(URI.create("/problems/invalid-request"));
		assertThat(problem.getErrors())
			.anySatisfy((error) -> assertThat(error.getPath()).isEqualTo("$.training.epochs"));
	}

	/** Three epochs of a small MLP on the built-in iris dataset. */
	private static JobSpec tinyIrisJob() {
		return new JobSpec().name("generated-client-iris")
			.dataset("iris")
			.split(new SplitSpec().validation(0.2).test(0.2).seed(7L))
			.normalization("standardize")
			.model(new ModelSpec().input(List.of(4))
				.layers(List.of(new LayerSpec().type("dense").units(8).activation("relu"),
						new LayerSpec().type("output").units(3).activation("softmax").loss("cross-entropy"))))
			.training(new TrainingSpec().epochs(3)
				.batchSize(16)
				.seed(42L)
				.optimizer(new OptimizerSpec().type("adam").learningRate(0.01)));
	}

	private JobResponse awaitEnd(UUID id, Duration timeout) throws ApiException, InterruptedException {
		Instant deadline = Instant.now().plus(timeout);
		JobResponse job = this.jobs.getJob(id);
		while (!ENDED.contains(job.getStatus())) {
			assertThat(Instant.now()).as("job %s still %s after %s", id, job.getStatus(), timeout).isBefore(deadline);
			Thread.sleep(200);
			job = this.jobs.getJob(id);
		}
		return job;
	}

}
