package dev.kiln.inference.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.kiln.checkpoints.CheckpointInfo;
import dev.kiln.inference.InferenceProperties;
import dev.kiln.jobs.TrainedModel;
import dev.kiln.web.Caller;
import dev.kiln.web.InvalidField;
import dev.kiln.web.InvalidRequestException;
import dev.kiln.web.NotFoundException;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.ArraySchema;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import tools.jackson.databind.JsonNode;

import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

@Tag(name = "Inference", description = "Predictions from a job's trained models")
@RestController
class PredictController {

	private final PredictTargets targets;

	private final ModelCache cache;

	private final InferenceProperties properties;

	private final InferenceMetrics metrics;

	PredictController(PredictTargets targets, ModelCache cache, InferenceProperties properties,
			InferenceMetrics metrics) {
		this.metrics = metrics;
		this.targets = targets;
		this.cache = cache;
		this.properties = properties;
	}

	@Schema(description = "Raw feature vectors (the job's normalisation is applied by Kiln), or nested arrays in the "
			+ "input's shape ([height][width][channels], or [height][width] for one channel)")
	record PredictRequest(
			@ArraySchema(
					arraySchema = @Schema(description = "One entry per example", example = "[[5.1, 3.5, 1.4, 0.2]]"),
					schema = @Schema(types = "array",
							description = "An example: a flat array of its feature values (for a dataset with one-hot "
									+ "columns, one value per raw column, text for those columns), or nested arrays in "
									+ "the input's shape")) List<JsonNode> instances,
			@Schema(description = "Predict with this checkpoint of the job instead of the best one") UUID checkpoint) {
	}

	record Prediction(String label, int classIndex,
			@Schema(description = "Probability of each class, by class name") Map<String, Double> probabilities) {
	}

	record PredictResponse(List<Prediction> predictions,
			@Schema(description = "The checkpoint that answered") UUID checkpoint) {
	}

	@Operation(operationId = "predict", summary = "Predict classes with a job's best checkpoint (or a named one)")
	@io.swagger.v3.oas.annotations.parameters.RequestBody(content = @Content(examples = @ExampleObject(name = "iris",
			value = "{\"instances\": [[5.1, 3.5, 1.4, 0.2], [6.7, 3.0, 5.2, 2.3]]}")))
	@ApiResponse(responseCode = "200", description = "One prediction per instance")
	@ApiResponse(responseCode = "400", description = "Instances missing or of the wrong shape")
	@ApiResponse(responseCode = "404", description = "No such job or checkpoint")
	@ApiResponse(responseCode = "409", description = "The job has no checkpoint yet")
	@PostMapping(path = "/api/v1/jobs/{id}/predict", produces = MediaType.APPLICATION_JSON_VALUE)
	PredictResponse predict(Caller caller, @PathVariable UUID id, @RequestBody PredictRequest request) {
		PredictTargets.Target target = this.targets.find(caller.tenantId(), id)
			.orElseThrow(() -> new NotFoundException("Job", id));
		TrainedModel model = target.model();
		List<JsonNode> instances = request.instances();
		if (instances == null || instances.isEmpty()) {
			throw new InvalidRequestException("$.instances", "must hold at least one instance");
		}
		if (instances.size() > this.properties.maxInstances()) {
			throw new InvalidRequestException("$.instances", "holds " + instances.size() + " instances; at most "
					+ this.properties.maxInstances() + " are allowed");
		}
		CheckpointInfo checkpoint = target.checkpoint(request.checkpoint());
		List<InvalidField> errors = new ArrayList<>();
		float[][] rows = target.decoder().decode(instances, errors);
		if (!errors.isEmpty()) {
			throw new InvalidRequestException(
					errors.size() + " instance(s) do not fit the model's input " + model.featureShape(), errors);
		}
		if (model.scaling() != null) {
			rows = model.scaling().apply(rows);
		}
		float[][] input = rows;
		float[][] probabilities = this.metrics.timeModelCall(() -> this.cache.probabilities(checkpoint, input));
		List<Prediction> predictions = new ArrayList<>(rows.length);
		for (float[] row : probabilities) {
			predictions.add(prediction(row, model.classNames()));
		}
		return new PredictResponse(predictions, checkpoint.id());
	}

	private static Prediction prediction(float[] probabilities, List<String> classNames) {
		int best = 0;
		Map<String, Double> byClass = new LinkedHashMap<>();
		for (int c = 0; c < probabilities.length; c++) {
			byClass.put(classNames.get(c), (double) probabilities[c]);
			if (probabilities[c] > probabilities[best]) {
				best = c;
			}
		}
		return new Prediction(classNames.get(best), best, byClass);
	}

}
