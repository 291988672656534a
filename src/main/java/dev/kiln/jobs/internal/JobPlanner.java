package dev.kiln.jobs.internal;

import java.util.ArrayList;
import java.util.List;

import dev.kiln.datasets.DatasetCatalog;
import dev.kiln.datasets.DatasetInfo;
import dev.kiln.spec.CompiledSpec;
import dev.kiln.spec.DataShape;
import dev.kiln.spec.InvalidSpecException;
import dev.kiln.spec.JobSpec;
import dev.kiln.spec.SpecCompiler;
import dev.kiln.spec.SpecDefaults;
import dev.kiln.spec.SplitSpec;
import dev.kiln.spec.SpecViolation;
import dev.kiln.web.InvalidField;
import dev.kiln.web.InvalidRequestException;

import org.springframework.stereotype.Component;

/**
 * Resolves a spec's dataset and compiles the spec against it, reporting every problem of
 * both at once.
 */
@Component
class JobPlanner {

	private final DatasetCatalog datasets;

	private final SpecCompiler compiler = new SpecCompiler();

	private final ResourceGuards guards;

	JobPlanner(DatasetCatalog datasets, ResourceGuards guards) {
		this.datasets = datasets;
		this.guards = guards;
	}

	private static final int MAX_NAME_LENGTH = 200;

	record Plan(DatasetInfo dataset, CompiledSpec compiled) {
	}

	/**
	 * Plans a job before its data is split: schedules that span the training use an
	 * estimate of its rows.
	 */
	Plan plan(JobSpec spec) {
		return plan(spec, null, false);
	}

	/**
	 * Plans a job being submitted (or dry-run): the spec must also keep within this
	 * node's limits ({@link ResourceGuards}).
	 */
	Plan planSubmission(JobSpec spec) {
		return plan(spec, null, true);
	}

	/**
	 * Plans a job whose training split is known to hold {@code trainingRows} rows, so
	 * that schedules spanning the whole training count its iterations exactly.
	 */
	Plan plan(JobSpec spec, Integer trainingRows) {
		return plan(spec, trainingRows, false);
	}

	private Plan plan(JobSpec spec, Integer trainingRows, boolean guarded) {
		List<SpecViolation> violations = new ArrayList<>();
		if (spec.name() != null && spec.name().length() > MAX_NAME_LENGTH) {
			violations.add(new SpecViolation("$.name",
					"must be at most " + MAX_NAME_LENGTH + " characters; got " + spec.name().length()));
		}
		else if (spec.name() != null && (spec.name().contains("/") || spec.name().contains("\\")
				|| spec.name().contains("..") || spec.name().chars().anyMatch(Character::isISOControl))) {
			violations
				.add(new SpecViolation("$.name", "must be a plain name: no '/', '\\', '..' or control characters"));
		}
		DatasetInfo dataset = null;
		if (spec.dataset() == null || spec.dataset().isBlank()) {
			violations.add(new SpecViolation("$.dataset", "is required: a dataset id or name"));
		}
		else {
			dataset = this.datasets.find(spec.dataset()).orElse(null);
			if (dataset == null) {
				violations.add(new SpecViolation("$.dataset",
						"no dataset has the id or name '" + spec.dataset() + "' (GET /api/v1/datasets lists them)"));
			}
			else if (dataset.deleted()) {
				violations.add(new SpecViolation("$.dataset", "dataset '" + dataset.name() + "' was deleted"));
				dataset = null;
			}
		}
		if (dataset != null && spec.normalization() == null && dataset.normalization() != null) {
			// the dataset's declared normalisation is the job's default
			spec = new JobSpec(spec.name(), spec.dataset(), spec.split(), dataset.normalization(), spec.model(),
					spec.training(), spec.checkpoints(), spec.stopping());
		}
		DataShape shape = (dataset != null) ? new DataShape(dataset.featureShape(), dataset.classNames().size(),
				(trainingRows != null) ? trainingRows : estimatedTrainingRows(spec, dataset)) : null;
		CompiledSpec compiled = null;
		try {
			compiled = this.compiler.compile(spec, shape);
		}
		catch (InvalidSpecException ex) {
			violations.addAll(ex.violations());
		}
		if (guarded) {
			violations.addAll(this.guards.check(spec, compiled));
		}
		if (!violations.isEmpty()) {
			List<InvalidField> fields = violations.stream()
				.map((v) -> new InvalidField(v.path(), v.message()))
				.toList();
			throw new InvalidRequestException("The job spec is invalid: " + fields.size() + " problem(s)", fields);
		}
		return new Plan(dataset, compiled);
	}

	/**
	 * The rows left for training once validation and test are held out, as the split will
	 * leave them roughly.
	 */
	private static int estimatedTrainingRows(JobSpec spec, DatasetInfo dataset) {
		SplitSpec split = (spec.split() != null) ? spec.split() : new SplitSpec(null, null, null);
		double validation = fraction(split.validation(), SpecDefaults.VALIDATION_FRACTION);
		// a dataset's fixed test set takes the place of the test fraction
		double test = (dataset.testRows() > 0) ? 0 : fraction(split.test(), SpecDefaults.TEST_FRACTION);
		return Math.max(1, (int) Math.round(dataset.trainingRows() * (1 - validation - test)));
	}

	private static double fraction(Double given, double fallback) {
		return (given != null && given >= 0 && given < 1) ? given : fallback;
	}

}
