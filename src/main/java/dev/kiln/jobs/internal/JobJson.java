package dev.kiln.jobs.internal;

import dev.kiln.engine.FeatureScaling;
import dev.kiln.spec.JobSpec;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.stereotype.Component;

/**
 * The JSON stored in a job's text columns: the spec as submitted, the fitted feature
 * scaling and the test evaluation.
 */
@Component
class JobJson {

	private final JsonMapper mapper;

	JobJson(JsonMapper mapper) {
		this.mapper = mapper;
	}

	String write(Object value) {
		return this.mapper.writeValueAsString(value);
	}

	JobSpec spec(Job job) {
		return this.mapper.readValue(job.specJson(), JobSpec.class);
	}

	FeatureScaling scaling(Job job) {
		return (job.scalingJson() != null) ? this.mapper.readValue(job.scalingJson(), FeatureScaling.class) : null;
	}

	EvaluationResponse evaluation(Job job) {
		return (job.evaluationJson() != null) ? this.mapper.readValue(job.evaluationJson(), EvaluationResponse.class)
				: null;
	}

	/** A progress report recorded with a lease renewal. */
	dev.kiln.engine.TrainingProgress progress(String json) {
		return this.mapper.readValue(json, dev.kiln.engine.TrainingProgress.class);
	}

}
