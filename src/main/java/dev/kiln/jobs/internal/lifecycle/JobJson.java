package dev.kiln.jobs.internal.lifecycle;

import dev.kiln.engine.FeatureScaling;
import dev.kiln.spec.JobSpec;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.stereotype.Component;

/**
 * The JSON stored in a job's text columns: the spec as submitted, the fitted feature
 * scaling and the test evaluation.
 */
@Component
public class JobJson {

	private final JsonMapper mapper;

	public JobJson(JsonMapper mapper) {
		this.mapper = mapper;
	}

	public String write(Object value) {
		return this.mapper.writeValueAsString(value);
	}

	public JobSpec spec(Job job) {
		return this.mapper.readValue(job.specJson(), JobSpec.class);
	}

	public FeatureScaling scaling(Job job) {
		return (job.scalingJson() != null) ? this.mapper.readValue(job.scalingJson(), FeatureScaling.class) : null;
	}

	public EvaluationResponse evaluation(Job job) {
		return (job.evaluationJson() != null) ? this.mapper.readValue(job.evaluationJson(), EvaluationResponse.class)
				: null;
	}

	/** A progress report recorded with a lease renewal. */
	public dev.kiln.engine.TrainingProgress progress(String json) {
		return this.mapper.readValue(json, dev.kiln.engine.TrainingProgress.class);
	}

}
