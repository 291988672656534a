package dev.kiln.engine;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import org.nd4j.linalg.factory.Nd4j;

/**
 * The compute devices this process can train on. ND4J picks one backend per process: the
 * CPU build has the CPU, the CUDA build ({@code -Pcuda}) has every GPU the CUDA runtime
 * shows it ({@code CUDA_VISIBLE_DEVICES} narrows that) and nothing else, since its arrays
 * all live on a GPU.
 */
public final class DeviceInventory {

	private final List<ComputeDevice> devices;

	public DeviceInventory(List<ComputeDevice> devices) {
		if (devices.isEmpty()) {
			throw new IllegalArgumentException("a node has at least one device");
		}
		this.devices = List.copyOf(devices);
	}

	/** Asks the ND4J backend this process loaded. */
	public static DeviceInventory detect() {
		boolean cpuBackend = Nd4j.getEnvironment().isCPU();
		if (cpuBackend) {
			return fromBackend(true, 1, List.of());
		}
		return fromBackend(false, Nd4j.getAffinityManager().getNumberOfDevices(),
				cudaDeviceNames(Nd4j.getExecutioner().getEnvironmentInformation()));
	}

	/**
	 * The inventory a backend describes: the CPU, or {@code deviceCount} GPUs named by
	 * {@code names} where it has them.
	 */
	static DeviceInventory fromBackend(boolean cpuBackend, int deviceCount, List<String> names) {
		if (cpuBackend) {
			return new DeviceInventory(List.of(ComputeDevice.cpu()));
		}
		if (deviceCount < 1) {
			throw new IllegalStateException("the CUDA backend is loaded but sees no GPU");
		}
		List<ComputeDevice> gpus = new ArrayList<>();
		for (int i = 0; i < deviceCount; i++) {
			String name = (i < names.size() && names.get(i) != null) ? names.get(i) : "gpu " + i;
			gpus.add(ComputeDevice.gpu(i, name));
		}
		return new DeviceInventory(gpus);
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

	public List<ComputeDevice> devices() {
		return this.devices;
	}

	public boolean hasGpu() {
		return this.devices.stream().anyMatch(ComputeDevice::isGpu);
	}

	public List<ComputeDevice> gpus() {
		return this.devices.stream().filter(ComputeDevice::isGpu).toList();
	}

}
