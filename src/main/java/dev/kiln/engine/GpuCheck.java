package dev.kiln.engine;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Which of a node's GPUs the loaded CUDA build can run, and why not for the others. ND4J
 * picks its CUDA backend whenever a GPU is visible, supported or not; on a GPU the build
 * has no code for, libnd4j fails at its first kernel. This says so at start-up instead,
 * in words an operator can act on.
 *
 * @param kernels the build's GPU code; null on the CPU backend, where nothing is checked
 * @param usable the GPUs it runs on
 * @param unusable the GPUs it cannot run on, each with the reason
 */
public record GpuCheck(CudaKernels kernels, List<ComputeDevice> usable, List<UnusableGpu> unusable) {

	/**
	 * What to do about an unusable GPU; the entrypoint of the CUDA image says the same.
	 */
	public static final String WAY_OUT = "Use the CPU image (docker/Dockerfile), or hide the GPUs with "
			+ "CUDA_VISIBLE_DEVICES= (empty) so that ND4J falls back to its CPU backend.";

	public GpuCheck {
		usable = List.copyOf(usable);
		unusable = List.copyOf(unusable);
	}

	/** A GPU the build cannot run on, and why. */
	public record UnusableGpu(ComputeDevice gpu, String reason) {
	}

	/** The CPU backend: no GPU, nothing to check. */
	public static GpuCheck notApplicable() {
		return new GpuCheck(null, List.of(), List.of());
	}

	/**
	 * Checks each GPU's compute capability against the build's code. A GPU whose
	 * capability the backend did not report is taken as usable: there is nothing to
	 * refuse it on.
	 */
	public static GpuCheck of(List<ComputeDevice> gpus, CudaKernels kernels) {
		List<ComputeDevice> usable = new ArrayList<>();
		List<UnusableGpu> unusable = new ArrayList<>();
		for (ComputeDevice gpu : gpus) {
			Optional<String> whyNot = (gpu.capability() != null) ? kernels.whyNot(gpu.capability()) : Optional.empty();
			whyNot.ifPresentOrElse((reason) -> unusable.add(new UnusableGpu(gpu, reason)), () -> usable.add(gpu));
		}
		return new GpuCheck(kernels, usable, unusable);
	}

	public boolean applies() {
		return this.kernels != null;
	}

	public boolean allUsable() {
		return this.unusable.isEmpty();
	}

	/** Why {@code gpu} cannot be used; empty if it can (or is not a GPU). */
	public Optional<String> whyNot(ComputeDevice gpu) {
		return this.unusable.stream().filter((entry) -> entry.gpu().equals(gpu)).map(UnusableGpu::reason).findFirst();
	}

	/** The GPUs the build runs on, for people; empty on the CPU backend. */
	public Optional<String> supportedRange() {
		return applies() ? Optional.of(this.kernels.supportedRange()) : Optional.empty();
	}

	/**
	 * One plain line for the log and the health endpoint: each unusable GPU with its
	 * capability and reason, the supported range and the way out. Empty when every GPU is
	 * usable.
	 */
	public Optional<String> problem() {
		if (this.unusable.isEmpty()) {
			return Optional.empty();
		}
		String gpus = this.unusable.stream()
			.map((entry) -> "GPU " + entry.gpu().index() + " (" + entry.gpu().name() + ", compute capability "
					+ entry.gpu().capability() + "): " + entry.reason())
			.collect(Collectors.joining("; "));
		return Optional
			.of("Kiln cannot use " + gpus + ". Supported GPUs: " + this.kernels.supportedRange() + ". " + WAY_OUT);
	}

}
