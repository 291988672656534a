package dev.kiln.spec;

import java.util.List;

/**
 * A spec that cannot be trained, with every reason found.
 */
public class InvalidSpecException extends RuntimeException {

	private final List<SpecViolation> violations;

	public InvalidSpecException(List<SpecViolation> violations) {
		super(violations.size() + " invalid field(s): "
				+ String.join("; ", violations.stream().map((v) -> v.path() + ": " + v.message()).toList()));
		this.violations = List.copyOf(violations);
	}

	public List<SpecViolation> violations() {
		return this.violations;
	}

}
