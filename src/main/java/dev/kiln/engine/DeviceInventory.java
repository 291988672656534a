package dev.kiln.engine;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.nativeblas.NativeOpsHolder;

/**
 * The compute devices this process can train on. ND4J picks one backend per process: the
 * CPU build has the CPU, the CUDA build ({@code -Pcuda}) has every GPU the CUDA runtime
 * shows it ({@code CUDA_VISIBLE_DEVICES} narrows that) and nothing else, since its arrays
 * all live on a GPU.
 */
public final class DeviceInventory {

	private final List<ComputeDevice> devices;

	private final GpuCheck gpuCheck;

	/** Devices whose GPUs, if any, are all taken as usable. */
	public DeviceInventory(List<ComputeDevice> devices) {
		this(devices, null);
	}

	/**
	 * @param kernels the loaded CUDA build's GPU code, to check the GPUs against; null
	 * for none (the CPU backend)
	 */
	public DeviceInventory(List<ComputeDevice> devices, CudaKernels kernels) {
		if (devices.isEmpty()) {
			throw new IllegalArgumentException("a node has at least one device");
		}
		this.devices = List.copyOf(devices);
		List<ComputeDevice> gpus = gpus();
		this.gpuCheck = (kernels == null) ? new GpuCheck(null, gpus, List.of()) : GpuCheck.of(gpus, kernels);
	}

	/** Asks the ND4J backend this process loaded. */
	public static DeviceInventory detect() {
		boolean cpuBackend = Nd4j.getEnvironment().isCPU();
		if (cpuBackend) {
			return fromBackend(true, 1, List.of());
		}
		Properties environment = Nd4j.getExecutioner().getEnvironmentInformation();
		// the native library's own description; CUDA builds of libnd4j after 1.0.0-M2.1
		// list their architectures there
		String buildInfo = NativeOpsHolder.getInstance().getDeviceNativeOps().buildInfo();
		return fromBackend(false, Nd4j.getAffinityManager().getNumberOfDevices(), cudaDeviceNames(environment),
				cudaCapabilities(environment), CudaKernels.of(buildInfo));
	}

	/**
	 * The inventory a backend describes: the CPU, or {@code deviceCount} GPUs named by
	 * {@code names} where it has them, not checked against a build.
	 */
	static DeviceInventory fromBackend(boolean cpuBackend, int deviceCount, List<String> names) {
		return fromBackend(cpuBackend, deviceCount, names, List.of(), null);
	}

	/**
	 * The same with each GPU's compute capability (where {@code capabilities} has it),
	 * checked against the GPU code of the loaded build.
	 */
	static DeviceInventory fromBackend(boolean cpuBackend, int deviceCount, List<String> names,
			List<ComputeCapability> capabilities, CudaKernels kernels) {
		if (cpuBackend) {
			return new DeviceInventory(List.of(ComputeDevice.cpu()));
		}
		if (deviceCount < 1) {
			throw new IllegalStateException("the CUDA backend is loaded but sees no GPU");
		}
		List<ComputeDevice> gpus = new ArrayList<>();
		for (int i = 0; i < deviceCount; i++) {
			String name = (i < names.size() && names.get(i) != null) ? names.get(i) : "gpu " + i;
			ComputeCapability capability = (i < capabilities.size()) ? capabilities.get(i) : null;
			gpus.add(ComputeDevice.gpu(i, name, capability));
		}
		return new DeviceInventory(gpus, kernels);
	}

	/**
	 * The CUDA executioner lists each device as a map under
	 * {@code cuda.devicesInformation}, in device order.
	 */
	static List<String> cudaDeviceNames(Properties environment) {
		List<String> names = new ArrayList<>();
		if (environment.get("cuda.devicesInformation") instanceof List<?> devices) {
			for (Object device : devices) {
				names.add((device instanceof Map<?, ?> properties && properties.get("cuda.deviceName") != null)
						? properties.get("cuda.deviceName").toString() : null);
			}
		}
		return names;
	}

	/**
	 * Each device's compute capability, from the {@code cuda.deviceMajor} and
	 * {@code cuda.deviceMinor} the CUDA executioner puts in each device's map (from
	 * libnd4j's {@code getDeviceMajor}/{@code getDeviceMinor}); null where either is
	 * missing.
	 */
	static List<ComputeCapability> cudaCapabilities(Properties environment) {
		List<ComputeCapability> capabilities = new ArrayList<>();
		if (environment.get("cuda.devicesInformation") instanceof List<?> devices) {
			for (Object device : devices) {
				ComputeCapability capability = null;
				if (device instanceof Map<?, ?> properties && properties.get("cuda.deviceMajor") instanceof Number major
						&& properties.get("cuda.deviceMinor") instanceof Number minor) {
					capability = new ComputeCapability(major.intValue(), minor.intValue());
				}
				capabilities.add(capability);
			}
		}
		return capabilities;
	}

	public List<ComputeDevice> devices() {
		return this.devices;
	}

	public boolean hasGpu() {
		return this.devices.stream().anyMatch(ComputeDevice::isGpu);
	}

	public List<ComputeDevice> gpus() {
		return this.devices.stream().filter(ComputeDevice::isGpu).toList();
	}

	/** The GPUs the loaded build runs on: the ones workers train on. */
	public List<ComputeDevice> usableGpus() {
		return this.gpuCheck.usable();
	}

	/** Which GPUs the loaded build runs on; not applicable on the CPU backend. */
	public GpuCheck gpuCheck() {
		return this.gpuCheck;
	}

}
