package dev.kiln.spec;

/**
 * Validates a spec and compiles it to a DL4J configuration.
 */
public final class SpecCompiler {

	/**
	 * @param data the chosen dataset's shape, or null when the dataset could not be
	 * resolved (then only the checks that do not need it run)
	 * @throws InvalidSpecException with every violation found
	 */
	public CompiledSpec compile(JobSpec spec, DataShape data) {
		throw new UnsupportedOperationException("not implemented yet");
	}

}
