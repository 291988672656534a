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

	JobPlanner(DatasetCatalog datasets) {
		this.datasets = datasets;
	}

	record Plan(DatasetInfo dataset, CompiledSpec compiled) {
	}

	Plan plan(JobSpec spec) {
		List<SpecViolation> violations = new ArrayList<>();
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
		}
		DataShape shape = (dataset != null)
				? new DataShape(dataset.featureShape(), dataset.classNames().size(), dataset.rows()) : null;
		CompiledSpec compiled = null;
		try {
			compiled = this.compiler.compile(spec, shape);
		}
		catch (InvalidSpecException ex) {
			violations.addAll(ex.violations());
		}
		if (!violations.isEmpty()) {
			List<InvalidField> fields = violations.stream()
				.map((v) -> new InvalidField(v.path(), v.message()))
				.toList();
			throw new InvalidRequestException("The job spec is invalid: " + fields.size() + " problem(s)", fields);
		}
		return new Plan(dataset, compiled);
	}

}
