package dev.kiln.engine;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DeviceInventoryTest {

	@Test
	void theCpuBuildHasOneCpuDevice() {
		// the real ND4J backend of this build: nd4j-native
		DeviceInventory inventory = DeviceInventory.detect();

		assertThat(inventory.devices()).containsExactly(ComputeDevice.cpu());
		assertThat(inventory.hasGpu()).isFalse();
		assertThat(inventory.gpus()).isEmpty();
	}

	@Test
	void aCpuBackendIgnoresAnyDeviceCount() {
		assertThat(DeviceInventory.fromBackend(true, 4, List.of("x")).devices()).containsExactly(ComputeDevice.cpu());
	}

	@Test
	void aCudaBackendHasOneGpuPerVisibleDevice() {
		DeviceInventory inventory = DeviceInventory.fromBackend(false, 2, List.of("NVIDIA A100", "NVIDIA L4"));

		assertThat(inventory.devices()).containsExactly(ComputeDevice.gpu(0, "NVIDIA A100"),
				ComputeDevice.gpu(1, "NVIDIA L4"));
		assertThat(inventory.hasGpu()).isTrue();
		assertThat(inventory.gpus()).extracting(ComputeDevice::index).containsExactly(0, 1);
	}

	@Test
	void gpusWithoutANameAreNamedByIndex() {
		assertThat(DeviceInventory.fromBackend(false, 3, List.of("first")).devices()).extracting(ComputeDevice::name)
			.containsExactly("first", "gpu 1", "gpu 2");
	}

	@Test
	void aCudaBackendThatSeesNoGpuIsAnError() {
		assertThatThrownBy(() -> DeviceInventory.fromBackend(false, 0, List.of()))
			.isInstanceOf(IllegalStateException.class)
			.hasMessageContaining("no GPU");
	}

	@Test
	void namesAreReadFromTheCudaExecutionersEnvironment() {
		// the shape CudaExecutioner.getEnvironmentInformation() gives in 1.0.0-M2.1
		List<Map<String, Object>> devices = new ArrayList<>();
		devices.add(Map.of("cuda.deviceName", "NVIDIA A100-SXM4-40GB", "cuda.totalMemory", 42_000_000_000L));
		devices.add(Map.of("cuda.totalMemory", 1L));
		Properties environment = new Properties();
		environment.put("backend", "CUDA");
		environment.put("cuda.availableDevices", 2);
		environment.put("cuda.devicesInformation", devices);

		assertThat(DeviceInventory.cudaDeviceNames(environment)).containsExactly("NVIDIA A100-SXM4-40GB", null);
		assertThat(DeviceInventory.cudaDeviceNames(new Properties())).isEmpty();
	}

	@Test
	void capabilitiesAreReadFromTheCudaExecutionersEnvironmentAndCheckedAgainstTheBuild() {
		// CudaExecutioner puts libnd4j's getDeviceMajor/getDeviceMinor in each device's
		// map as longs
		List<Map<String, Object>> devices = new ArrayList<>();
		devices.add(Map.of("cuda.deviceName", "NVIDIA A100-SXM4-40GB", "cuda.deviceMajor", 8L, "cuda.deviceMinor", 0L));
		devices.add(Map.of("cuda.deviceName", "NVIDIA H100 PCIe", "cuda.deviceMajor", 9L, "cuda.deviceMinor", 0L));
		devices.add(Map.of("cuda.deviceName", "no capability reported"));
		Properties environment = new Properties();
		environment.put("cuda.devicesInformation", devices);

		List<ComputeCapability> capabilities = DeviceInventory.cudaCapabilities(environment);
		assertThat(capabilities).containsExactly(new ComputeCapability(8, 0), new ComputeCapability(9, 0), null);

		DeviceInventory inventory = DeviceInventory.fromBackend(false, 3, DeviceInventory.cudaDeviceNames(environment),
				capabilities, CudaKernels.ND4J_CUDA_11_6_M2_1);
		assertThat(inventory.gpus()).hasSize(3);
		assertThat(inventory.usableGpus()).extracting(ComputeDevice::name)
			.containsExactly("NVIDIA A100-SXM4-40GB", "no capability reported");
		assertThat(inventory.gpuCheck().unusable()).extracting((entry) -> entry.gpu().name())
			.containsExactly("NVIDIA H100 PCIe");
	}

	@Test
	void theCpuBackendHasNoGpuCheck() {
		DeviceInventory inventory = DeviceInventory.fromBackend(true, 1, List.of(), List.of(),
				CudaKernels.ND4J_CUDA_11_6_M2_1);

		assertThat(inventory.gpuCheck().applies()).isFalse();
		assertThat(inventory.gpuCheck().problem()).isEmpty();
		assertThat(DeviceInventory.detect().gpuCheck().applies()).as("this build's backend is the CPU one").isFalse();
	}

	@Test
	void theCpuNeedsNoPinning() {
		// ND4J's affinity manager on the CPU backend: pinning the CPU must not touch it
		DeviceAffinity.nd4j().pinCurrentThread(ComputeDevice.cpu());
		assertThat(org.nd4j.linalg.factory.Nd4j.getAffinityManager().getDeviceForCurrentThread()).isZero();
	}

}
