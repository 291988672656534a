package dev.kiln.node;

import java.util.Collection;
import java.util.List;

import dev.kiln.spec.DeviceClass;

/**
 * Which jobs a node can serve, by the {@code device} of their spec. ND4J loads one
 * backend per process, so a node is either a CPU node or a GPU node: a GPU node serves
 * {@code gpu} and {@code any} jobs, a CPU node {@code cpu} and {@code any} jobs. A GPU
 * node does not take {@code cpu} jobs: the CUDA backend would run them on a GPU, and a
 * client asks for the CPU to get the CPU (its numerics, or to leave GPUs to others).
 */
public final class JobDevices {

	private static final List<DeviceClass> ON_A_GPU = List.of(DeviceClass.GPU, DeviceClass.ANY);

	private static final List<DeviceClass> ON_A_CPU = List.of(DeviceClass.CPU, DeviceClass.ANY);

	private JobDevices() {
	}

	/** The {@code device} values a node with (or without) GPUs claims. */
	public static List<DeviceClass> servedBy(boolean gpuNode) {
		return gpuNode ? ON_A_GPU : ON_A_CPU;
	}

	public static boolean serves(boolean gpuNode, DeviceClass device) {
		return servedBy(gpuNode).contains(device);
	}

	/** The words the spec, the API and the job's row use for {@code devices}. */
	public static List<String> specNames(Collection<DeviceClass> devices) {
		return devices.stream().map(DeviceClass::specName).toList();
	}

}
