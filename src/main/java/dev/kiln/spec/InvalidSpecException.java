package dev.kiln.spec;

import java.util.List;

/**
 * A spec that cannot be trained, with every reason found.
 */
public class InvalidSpecException extends RuntimeException {

	private final List<SpecViolation> violations;

	public InvalidSpecException(List<SpecViolation> violations) {
		super(violations.size() + " invalid field(s): " + violations);
		this.violations = List.copyOf(violations);
	}

	public List<SpecViolation> violations() {
		return this.violations;
	}

}
