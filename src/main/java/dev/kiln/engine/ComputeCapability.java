package dev.kiln.engine;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A GPU's CUDA compute capability, {@code major.minor} (8.6 for an RTX 3090, 9.0 for an
 * H100). CUDA machine code is built per capability and named after it: {@code sm_86}.
 */
public record ComputeCapability(int major, int minor) implements Comparable<ComputeCapability> {

	private static final Pattern DOTTED = Pattern.compile("\\s*(\\d{1,2})\\.(\\d)\\s*");

	public ComputeCapability {
		if (major < 1 || minor < 0 || minor > 9) {
			throw new IllegalArgumentException("not a compute capability: " + major + "." + minor);
		}
	}

	/** {@code "8.9"}, as nvidia-smi's {@code compute_cap} prints it. */
	public static ComputeCapability parse(String text) {
		Matcher matcher = DOTTED.matcher(text);
		if (!matcher.matches()) {
			throw new IllegalArgumentException("not a compute capability: " + text);
		}
		return new ComputeCapability(Integer.parseInt(matcher.group(1)), Integer.parseInt(matcher.group(2)));
	}

	/** {@code 86} for sm_86: the major's digits followed by the minor's one. */
	public static ComputeCapability ofSm(int sm) {
		return new ComputeCapability(sm / 10, sm % 10);
	}

	/** The name of machine code for this capability, {@code sm_86}. */
	public String sm() {
		return "sm_" + this.major + this.minor;
	}

	@Override
	public int compareTo(ComputeCapability other) {
		return (this.major != other.major) ? Integer.compare(this.major, other.major)
				: Integer.compare(this.minor, other.minor);
	}

	@Override
	public String toString() {
		return this.major + "." + this.minor;
	}

}
