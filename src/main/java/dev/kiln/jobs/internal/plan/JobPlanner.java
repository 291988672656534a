package dev.kiln.jobs.internal.plan;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import dev.kiln.datasets.DatasetCatalog;
import dev.kiln.datasets.DatasetInfo;
import dev.kiln.spec.CompiledSpec;
import dev.kiln.spec.DataShape;
import dev.kiln.spec.InvalidSpecException;
import dev.kiln.spec.JobSpec;
import dev.kiln.spec.SpecCompiler;
import dev.kiln.spec.SpecDefaults;
import dev.kiln.spec.SpecViolation;
import dev.kiln.spec.SplitSpec;
import dev.kiln.web.ConflictException;
import dev.kiln.web.InvalidField;
import dev.kiln.web.InvalidRequestException;
import dev.kiln.web.Names;
import dev.kiln.webhooks.CallbackPolicy;

import org.springframework.stereotype.Component;

/**
 * Resolves a spec's dataset and compiles the spec against it, reporting every problem of
 * both at once.
 */
@Component
public class JobPlanner {

	private final DatasetCatalog datasets;

	private final SpecCompiler compiler = new SpecCompiler();

	private final ResourceGuards guards;

	private final CallbackPolicy callbacks;

	JobPlanner(DatasetCatalog datasets, ResourceGuards guards, CallbackPolicy callbacks) {
		this.datasets = datasets;
		this.guards = guards;
		this.callbacks = callbacks;
	}

	private static final int MAX_NAME_LENGTH = 200;

	/** Longer than any dataset id or name. */
	private static final int MAX_DATASET_REFERENCE_LENGTH = 100;

	/**
	 * A planned job: its spec as accepted (the job and dataset names in NFC), its dataset
	 * and its compiled form.
	 */
	public record Plan(JobSpec spec, DatasetInfo dataset, CompiledSpec compiled) {
	}

	/**
	 * Plans a job being submitted (or dry-run) by a tenant: the spec names a dataset the
	 * tenant sees, and must keep within this node's limits ({@link ResourceGuards}).
	 * Schedules that span the training use an estimate of its rows.
	 * @throws InvalidRequestException naming every problem of the spec
	 * @throws ConflictException ({@code dataset-deleted}) if it names a deleted dataset
	 */
	public Plan planSubmission(UUID tenantId, JobSpec spec) {
		List<SpecViolation> violations = new ArrayList<>();
		checkName(spec, violations);
		checkCallback(spec, violations);
		JobSpec accepted = new JobSpec(Names.nfc(spec.name()), Names.nfc(spec.dataset()), spec.split(),
				spec.normalization(), spec.model(), spec.training(), spec.checkpoints(), spec.stopping(), spec.device(),
				spec.callback());
		DatasetInfo dataset = resolveDataset(tenantId, accepted, violations);
		return plan(accepted, dataset, null, true, violations);
	}

	/**
	 * Plans an accepted job on its own dataset. With {@code trainingRows} (the rows of
	 * its training split, once known) schedules that span the whole training count its
	 * iterations exactly; without, they use an estimate.
	 */
	public Plan planRun(JobSpec spec, DatasetInfo dataset, Integer trainingRows) {
		return plan(spec, dataset, trainingRows, false, new ArrayList<>());
	}

	private static void checkName(JobSpec spec, List<SpecViolation> violations) {
		Names.labelProblem(spec.name(), MAX_NAME_LENGTH)
			.ifPresent((reason) -> violations.add(new SpecViolation("$.name", reason)));
	}

	/** A callback must be one this node's allow-list lets Kiln call. */
	private void checkCallback(JobSpec spec, List<SpecViolation> violations) {
		if (spec.callback() != null) {
			this.callbacks.refusal(spec.callback().url())
				.ifPresent((reason) -> violations.add(new SpecViolation("$.callback.url", reason)));
		}
	}

	private DatasetInfo resolveDataset(UUID tenantId, JobSpec spec, List<SpecViolation> violations) {
		if (spec.dataset() == null || spec.dataset().isBlank()) {
			violations.add(new SpecViolation("$.dataset", "is required: a dataset id or name"));
			return null;
		}
		Optional<String> malformed = Names.problem(spec.dataset(), MAX_DATASET_REFERENCE_LENGTH);
		if (malformed.isPresent()) {
			// no dataset has such a name, and the reference is not echoed
			violations.add(new SpecViolation("$.dataset", malformed.get()));
			return null;
		}
		DatasetInfo dataset = this.datasets.find(tenantId, spec.dataset()).orElse(null);
		if (dataset == null) {
			violations.add(new SpecViolation("$.dataset",
					"no dataset has the id or name '" + spec.dataset() + "' (GET /api/v1/datasets lists them)"));
		}
		else if (dataset.deleted()) {
			// not a flaw of the spec: the dataset it names is gone (docs/api.md's 409)
			throw new ConflictException("dataset-deleted",
					"Dataset '" + dataset.name() + "' (" + dataset.id() + ") was deleted: new jobs cannot train on it");
		}
		return dataset;
	}

	/**
	 * The settings of an accepted job's run on its own dataset, before its split is made
	 * (the split and the normalisation come from them); {@link #planRun} then compiles
	 * the network once, with the split's training rows.
	 */
	public CompiledSpec.Settings runSettings(JobSpec spec, DatasetInfo dataset) {
		JobSpec withDefaults = withDatasetDefaults(spec, dataset);
		try {
			return this.compiler.settings(withDefaults, shape(withDefaults, dataset, null));
		}
		catch (InvalidSpecException ex) {
			throw invalid(ex.violations());
		}
	}

	/** The spec with the dataset's declared normalisation as its default. */
	private static JobSpec withDatasetDefaults(JobSpec spec, DatasetInfo dataset) {
		if (dataset != null && spec.normalization() == null && dataset.normalization() != null) {
			return new JobSpec(spec.name(), spec.dataset(), spec.split(), dataset.normalization(), spec.model(),
					spec.training(), spec.checkpoints(), spec.stopping(), spec.device(), spec.callback());
		}
		return spec;
	}

	/**
	 * The dataset's shape with {@code trainingRows}, or an estimate of them; null without
	 * a dataset.
	 */
	private static DataShape shape(JobSpec spec, DatasetInfo dataset, Integer trainingRows) {
		return (dataset != null) ? new DataShape(dataset.featureShape(), dataset.classNames().size(),
				(trainingRows != null) ? trainingRows : estimatedTrainingRows(spec, dataset)) : null;
	}

	private Plan plan(JobSpec spec, DatasetInfo dataset, Integer trainingRows, boolean guarded,
			List<SpecViolation> violations) {
		JobSpec accepted = spec;
		spec = withDatasetDefaults(spec, dataset);
		DataShape shape = shape(spec, dataset, trainingRows);
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
			throw invalid(violations);
		}
		return new Plan(accepted, dataset, compiled);
	}

	private static InvalidRequestException invalid(List<SpecViolation> violations) {
		List<InvalidField> fields = violations.stream().map((v) -> new InvalidField(v.path(), v.message())).toList();
		return new InvalidRequestException("The job spec is invalid: " + fields.size() + " problem(s)", fields);
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
