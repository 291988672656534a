package dev.kiln.engine;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The GPU code a CUDA build of libnd4j carries, and which GPUs can run it. CUDA's rule:
 * machine code (a cubin) for {@code sm_XY} runs on a GPU of the same major version X with
 * a minor version of Y or higher; PTX for {@code compute_XY} is compiled by the driver
 * for any GPU of capability X.Y or newer. A GPU that neither fits cannot run a single
 * kernel of the build.
 *
 * @param build the build's name, for messages
 * @param machineCode the capabilities it has machine code for
 * @param ptx the capabilities it has PTX for
 */
public record CudaKernels(String build, List<ComputeCapability> machineCode, List<ComputeCapability> ptx) {

	/**
	 * nd4j-cuda-11.6 1.0.0-M2.1, the only CUDA build of ND4J published for this DL4J
	 * version: machine code for sm_37 to sm_86, no PTX (read from its libnd4jcuda.so; see
	 * the team's DL4J notes). Its {@code buildInfo()} names the CUDA version but not the
	 * architectures, so this list is what {@link #of(String)} falls back to.
	 */
	public static final CudaKernels ND4J_CUDA_11_6_M2_1 = new CudaKernels("nd4j-cuda-11.6 1.0.0-M2.1",
			sms(37, 50, 52, 60, 61, 70, 75, 80, 86), List.of());

	/**
	 * Later libnd4j builds print a line {@code CUDA_ARCHITECTURES: ...} in buildInfo().
	 */
	private static final Pattern ARCHITECTURES_LINE = Pattern.compile("(?m)^\\s*CUDA_ARCHITECTURES:\\s*(.*)$");

	private static final Pattern ARCHITECTURE = Pattern.compile("(sm_|compute_)?(\\d{1,2})\\.?(\\d)(-real|-virtual)?");

	public CudaKernels {
		machineCode = machineCode.stream().sorted().toList();
		ptx = ptx.stream().sorted().toList();
		if (machineCode.isEmpty() && ptx.isEmpty()) {
			throw new IllegalArgumentException(build + " has no GPU code");
		}
	}

	/**
	 * The kernels of the loaded build: read from its {@code buildInfo()} text where it
	 * lists them, else those of {@link #ND4J_CUDA_11_6_M2_1}.
	 */
	public static CudaKernels of(String buildInfo) {
		return fromBuildInfo(buildInfo).orElse(ND4J_CUDA_11_6_M2_1);
	}

	/**
	 * Reads a {@code CUDA_ARCHITECTURES:} line: {@code sm_86} or {@code 86-real} is
	 * machine code, {@code compute_86} or {@code 86-virtual} is PTX. A bare {@code 86}
	 * counts as machine code only: claiming PTX the build may not have would let a GPU
	 * through that then fails at its first kernel.
	 */
	static Optional<CudaKernels> fromBuildInfo(String buildInfo) {
		Matcher line = (buildInfo != null) ? ARCHITECTURES_LINE.matcher(buildInfo) : null;
		if (line == null || !line.find()) {
			return Optional.empty();
		}
		List<ComputeCapability> machineCode = new ArrayList<>();
		List<ComputeCapability> ptx = new ArrayList<>();
		for (String word : line.group(1).trim().split("[\\s;,]+")) {
			Matcher architecture = ARCHITECTURE.matcher(word);
			if (!architecture.matches()) {
				return Optional.empty();
			}
			ComputeCapability capability = new ComputeCapability(Integer.parseInt(architecture.group(2)),
					Integer.parseInt(architecture.group(3)));
			boolean isPtx = "compute_".equals(architecture.group(1)) || "-virtual".equals(architecture.group(4));
			(isPtx ? ptx : machineCode).add(capability);
		}
		return Optional.of(new CudaKernels("the loaded libnd4j CUDA build", machineCode, ptx));
	}

	/** Empty when the GPU can run this build; else why not, in a sentence's words. */
	public Optional<String> whyNot(ComputeCapability gpu) {
		boolean machineCodeFits = this.machineCode.stream()
			.anyMatch((code) -> code.major() == gpu.major() && code.minor() <= gpu.minor());
		boolean ptxFits = this.ptx.stream().anyMatch((code) -> code.compareTo(gpu) <= 0);
		if (machineCodeFits || ptxFits) {
			return Optional.empty();
		}
		String noPtx = this.ptx.isEmpty() ? "and that build has no PTX to compile for it"
				: "and its PTX (" + names(this.ptx, "compute_") + ") is for newer GPUs";
		ComputeCapability oldest = oldest();
		if (gpu.compareTo(oldest) < 0) {
			return Optional.of("it is older than the oldest machine code in " + this.build + " (" + oldest.sm() + ")");
		}
		ComputeCapability newest = this.machineCode.isEmpty() ? oldest
				: this.machineCode.get(this.machineCode.size() - 1);
		if (gpu.major() > newest.major()) {
			return Optional
				.of("it is newer than the newest machine code in " + this.build + " (" + newest.sm() + "), " + noPtx);
		}
		return Optional.of("no machine code in " + this.build
				+ " fits it (a cubin runs only on its own major version, at the same or a higher minor), " + noPtx);
	}

	/**
	 * The GPUs this build runs on, for people: {@code compute capability 3.7 to 8.x
	 * (machine code for sm_37, ..., sm_86; no PTX)}.
	 */
	public String supportedRange() {
		String upTo = this.ptx.isEmpty() ? " to " + this.machineCode.get(this.machineCode.size() - 1).major() + ".x"
				: " and newer";
		String code = this.machineCode.isEmpty() ? "no machine code"
				: "machine code for " + names(this.machineCode, "sm_");
		String ptxCode = this.ptx.isEmpty() ? "no PTX" : "PTX for " + names(this.ptx, "compute_");
		return "compute capability " + oldest() + upTo + " (" + code + "; " + ptxCode + ")";
	}

	private ComputeCapability oldest() {
		List<ComputeCapability> all = new ArrayList<>(this.machineCode);
		all.addAll(this.ptx);
		return all.stream().sorted().findFirst().orElseThrow();
	}

	private static String names(List<ComputeCapability> capabilities, String prefix) {
		return capabilities.stream()
			.map((capability) -> prefix + capability.major() + capability.minor())
			.collect(Collectors.joining(", "));
	}

	private static List<ComputeCapability> sms(int... sms) {
		List<ComputeCapability> capabilities = new ArrayList<>();
		for (int sm : sms) {
			capabilities.add(ComputeCapability.ofSm(sm));
		}
		return capabilities;
	}

}
