package dev.kiln.engine;

import java.util.List;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Which GPUs ND4J 1.0.0-M2.1's CUDA 11.6 build runs on, decided from compute capabilities
 * alone: no GPU needed.
 */
class GpuCheckTest {

	private static final CudaKernels M2_1 = CudaKernels.ND4J_CUDA_11_6_M2_1;

	private static ComputeDevice gpu(int index, String name, String capability) {
		return ComputeDevice.gpu(index, name, ComputeCapability.parse(capability));
	}

	@ParameterizedTest(name = "{0} ({1})")
	@CsvSource(delimiter = '|', textBlock = """
			Tesla K80                | 3.7  | true
			Tesla M60                | 5.2  | true
			Tesla P100               | 6.0  | true
			Tesla V100               | 7.0  | true
			Tesla T4                 | 7.5  | true
			A100                     | 8.0  | true
			RTX 3090                 | 8.6  | true
			Jetson AGX Orin          | 8.7  | true
			L4 (Ada, runs sm_86)     | 8.9  | true
			Tesla K40 (Kepler 3.5)   | 3.5  | false
			H100 (Hopper)            | 9.0  | false
			B200 (Blackwell)         | 10.0 | false
			RTX 5090 (Blackwell)     | 12.0 | false
			""")
	void aGpuIsUsableWhenMachineCodeOfItsMajorAtOrBelowItsMinorIsInTheBuild(String name, String capability,
			boolean usable) {
		GpuCheck check = GpuCheck.of(List.of(gpu(0, name, capability)), M2_1);

		assertThat(check.applies()).isTrue();
		assertThat(check.allUsable()).isEqualTo(usable);
		assertThat(check.usable()).hasSize(usable ? 1 : 0);
		assertThat(check.problem().isPresent()).isEqualTo(!usable);
	}

	@Test
	void keplerBelowTheOldestMachineCodeIsTooOld() {
		assertThat(M2_1.whyNot(ComputeCapability.parse("3.5")))
			.hasValue("it is older than the oldest machine code in nd4j-cuda-11.6 1.0.0-M2.1 (sm_37)");
	}

	@Test
	void hopperAndBlackwellAreNewerThanTheBuildAndItHasNoPtx() {
		String newer = "it is newer than the newest machine code in nd4j-cuda-11.6 1.0.0-M2.1 (sm_86), "
				+ "and that build has no PTX to compile for it";
		assertThat(M2_1.whyNot(ComputeCapability.parse("9.0"))).hasValue(newer);
		assertThat(M2_1.whyNot(ComputeCapability.parse("10.0"))).hasValue(newer);
		assertThat(M2_1.whyNot(ComputeCapability.parse("12.0"))).hasValue(newer);
	}

	@Test
	void adaRunsTheAmpereMachineCodeAndAmpereItself() {
		assertThat(M2_1.whyNot(ComputeCapability.parse("8.9"))).isEmpty();
		assertThat(M2_1.whyNot(ComputeCapability.parse("8.6"))).isEmpty();
	}

	@Test
	void ptxWouldRunOnAnythingNewerButAGpuOlderThanItStillCannot() {
		CudaKernels withPtx = new CudaKernels("a build with PTX", List.of(ComputeCapability.ofSm(86)),
				List.of(ComputeCapability.ofSm(86)));
		assertThat(withPtx.whyNot(ComputeCapability.parse("9.0"))).isEmpty();
		assertThat(withPtx.whyNot(ComputeCapability.parse("12.0"))).isEmpty();
		assertThat(withPtx.whyNot(ComputeCapability.parse("7.5")))
			.hasValueSatisfying((reason) -> assertThat(reason).startsWith("it is older than the oldest machine code"));
		assertThat(withPtx.supportedRange())
			.isEqualTo("compute capability 8.6 and newer (machine code for sm_86; PTX for compute_86)");
	}

	@Test
	void aMinorBelowTheOnlyMachineCodeOfItsMajorIsAGap() {
		CudaKernels gap = new CudaKernels("a build",
				List.of(ComputeCapability.ofSm(50), ComputeCapability.ofSm(61), ComputeCapability.ofSm(86)), List.of());
		assertThat(gap.whyNot(ComputeCapability.parse("6.0")))
			.hasValue("no machine code in a build fits it (a cubin runs only on its own major version, at the same "
					+ "or a higher minor), and that build has no PTX to compile for it");
		assertThat(gap.whyNot(ComputeCapability.parse("7.5"))).isPresent();
	}

	@Test
	void theSupportedRangeNamesTheMachineCodeAndThatThereIsNoPtx() {
		assertThat(M2_1.supportedRange()).isEqualTo("compute capability 3.7 to 8.x (machine code for sm_37, sm_50, "
				+ "sm_52, sm_60, sm_61, sm_70, sm_75, sm_80, sm_86; no PTX)");
	}

	@Test
	void aMixKeepsTheSupportedGpusAndNamesEachUnsupportedOneWithItsReason() {
		ComputeDevice ampere = gpu(0, "NVIDIA A100-SXM4-40GB", "8.0");
		ComputeDevice hopper = gpu(1, "NVIDIA H100 80GB HBM3", "9.0");
		ComputeDevice ada = gpu(2, "NVIDIA L4", "8.9");
		ComputeDevice kepler = gpu(3, "Tesla K40m", "3.5");

		GpuCheck check = GpuCheck.of(List.of(ampere, hopper, ada, kepler), M2_1);

		assertThat(check.usable()).containsExactly(ampere, ada);
		assertThat(check.unusable()).extracting(GpuCheck.UnusableGpu::gpu).containsExactly(hopper, kepler);
		assertThat(check.whyNot(hopper)).hasValueSatisfying((reason) -> assertThat(reason).contains("newer"));
		assertThat(check.whyNot(ampere)).isEmpty();
		assertThat(check.problem()).hasValue("Kiln cannot use GPU 1 (NVIDIA H100 80GB HBM3, compute capability 9.0): "
				+ "it is newer than the newest machine code in nd4j-cuda-11.6 1.0.0-M2.1 (sm_86), and that build has "
				+ "no PTX to compile for it; GPU 3 (Tesla K40m, compute capability 3.5): it is older than the oldest "
				+ "machine code in nd4j-cuda-11.6 1.0.0-M2.1 (sm_37). Supported GPUs: compute capability 3.7 to 8.x "
				+ "(machine code for sm_37, sm_50, sm_52, sm_60, sm_61, sm_70, sm_75, sm_80, sm_86; no PTX). Use the "
				+ "CPU image (docker/Dockerfile), or hide the GPUs with CUDA_VISIBLE_DEVICES= (empty) so that ND4J "
				+ "falls back to its CPU backend.");
	}

	@Test
	void noGpusMeansNothingToRefuse() {
		GpuCheck check = GpuCheck.of(List.of(), M2_1);

		assertThat(check.applies()).isTrue();
		assertThat(check.usable()).isEmpty();
		assertThat(check.unusable()).isEmpty();
		assertThat(check.problem()).isEmpty();
	}

	@Test
	void aGpuWhoseCapabilityWasNotReportedIsNotRefused() {
		ComputeDevice unknown = ComputeDevice.gpu(0, "gpu 0");

		assertThat(GpuCheck.of(List.of(unknown), M2_1).usable()).containsExactly(unknown);
	}

	@Test
	void theCpuBackendHasNothingToCheck() {
		GpuCheck check = GpuCheck.notApplicable();

		assertThat(check.applies()).isFalse();
		assertThat(check.problem()).isEmpty();
		assertThat(check.supportedRange()).isEmpty();
	}

}
