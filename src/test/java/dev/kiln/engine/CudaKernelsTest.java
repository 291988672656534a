package dev.kiln.engine;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class CudaKernelsTest {

	/**
	 * The shape of libnd4j 1.0.0-M2.1's buildInfo() in a CUDA build (compiler, C++
	 * standard, CUDA version, engine, features): it names no architectures.
	 */
	private static final String M2_1_BUILD_INFO = """
			GCC: "9.4.0"
			STD version: 201402L
			CUDA: 11.6.55
			DEFAULT_ENGINE: samediff::ENGINE_CUDA
			HAVE_FLATBUFFERS""";

	@Test
	void aBuildInfoWithoutArchitecturesFallsBackToTheM21List() {
		assertThat(CudaKernels.of(M2_1_BUILD_INFO)).isSameAs(CudaKernels.ND4J_CUDA_11_6_M2_1);
		assertThat(CudaKernels.of(null)).isSameAs(CudaKernels.ND4J_CUDA_11_6_M2_1);
	}

	@Test
	void aBuildInfoThatListsItsArchitecturesIsReadTellingMachineCodeFromPtx() {
		CudaKernels kernels = CudaKernels.of(M2_1_BUILD_INFO + "\nCUDA_ARCHITECTURES: 86-real;90-real;90-virtual\n");

		assertThat(kernels.machineCode()).containsExactly(ComputeCapability.ofSm(86), ComputeCapability.ofSm(90));
		assertThat(kernels.ptx()).containsExactly(ComputeCapability.ofSm(90));
		assertThat(kernels.whyNot(ComputeCapability.parse("12.0"))).isEmpty();
		assertThat(kernels.whyNot(ComputeCapability.parse("8.0"))).isPresent();
	}

	@Test
	void nvccStyleNamesAndThreeDigitArchitecturesAreRead() {
		CudaKernels kernels = CudaKernels.of("CUDA_ARCHITECTURES: sm_80 sm_100 compute_120");

		assertThat(kernels.machineCode()).extracting(ComputeCapability::toString).containsExactly("8.0", "10.0");
		assertThat(kernels.ptx()).extracting(ComputeCapability::toString).containsExactly("12.0");
	}

	@Test
	void aBareNumberIsTakenAsMachineCodeOnlyAndAnUnreadableListFallsBack() {
		assertThat(CudaKernels.of("CUDA_ARCHITECTURES: 86").ptx()).isEmpty();
		assertThat(CudaKernels.of("CUDA_ARCHITECTURES: all")).isSameAs(CudaKernels.ND4J_CUDA_11_6_M2_1);
	}

	@Test
	void capabilitiesAreReadAsNvidiaSmiPrintsThemAndNamedAsMachineCode() {
		assertThat(ComputeCapability.parse(" 8.9 ")).isEqualTo(new ComputeCapability(8, 9));
		assertThat(ComputeCapability.parse("12.0").sm()).isEqualTo("sm_120");
		assertThat(ComputeCapability.ofSm(37)).hasToString("3.7");
		assertThatIllegalArgumentException().isThrownBy(() -> ComputeCapability.parse("[N/A]"));
	}

}
