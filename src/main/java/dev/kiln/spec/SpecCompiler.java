package dev.kiln.spec;

import java.util.List;

/**
 * Validates a spec and compiles it to a DL4J configuration. Stateless and thread-safe.
 * <p>
 * Every field the spec leaves out gets its default from {@link SpecDefaults}; every
 * violation found is reported at once, each with the JSON path of the field (for example
 * {@code $.model.layers[2].kernel}).
 */
public final class SpecCompiler {

	/**
	 * Every violation of a spec, without compiling it.
	 * @param data the chosen dataset's shape, or null when the dataset could not be
	 * resolved (then only the checks that do not need it run)
	 * @return the violations, empty for a valid spec
	 */
	public List<SpecViolation> validate(JobSpec spec, DataShape data) {
		SpecChecker checker = new SpecChecker(data);
		checker.check(spec);
		return checker.violations();
	}

	/**
	 * @param data the chosen dataset's shape, or null when the dataset could not be
	 * resolved (then only the checks that do not need it run; the output layer then needs
	 * its {@code units}, and cosine and polynomial schedules counted in iterations assume
	 * {@link SpecDefaults#PLACEHOLDER_ITERATIONS_PER_EPOCH} iterations per epoch).
	 * {@code trainingRows} is the number of rows in the training split (after validation
	 * and test rows are held out).
	 * @throws InvalidSpecException with every violation found (and, should DL4J reject a
	 * spec these checks pass, one violation at {@code $.model} with DL4J's reason)
	 */
	public CompiledSpec compile(JobSpec spec, DataShape data) {
		ResolvedSpec resolved = resolve(spec, data);
		try {
			return NetworkBuilder.build(resolved);
		}
		catch (RuntimeException ex) {
			// DL4J's own checks: every case known is caught above, this is a safety net
			throw new InvalidSpecException(
					List.of(new SpecViolation("$.model", "the model cannot be built: " + ex.getMessage())));
		}
	}

	/**
	 * The run's settings of a spec {@link #compile} would accept, its defaults filled in,
	 * without building its network: what a run needs before its training rows are known
	 * (the split, the normalisation), so that it compiles the network once, with them.
	 * @throws InvalidSpecException as {@link #compile} does
	 */
	public CompiledSpec.Settings settings(JobSpec spec, DataShape data) {
		return resolve(spec, data).settings();
	}

	private static ResolvedSpec resolve(JobSpec spec, DataShape data) {
		SpecChecker checker = new SpecChecker(data);
		ResolvedSpec resolved = checker.check(spec);
		if (resolved == null) {
			throw new InvalidSpecException(checker.violations());
		}
		return resolved;
	}

}
