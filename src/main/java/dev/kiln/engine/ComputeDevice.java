package dev.kiln.engine;

/**
 * One device a worker trains on.
 *
 * @param kind the CPU or a GPU
 * @param index the backend's device number (0 for the CPU)
 * @param name what the backend calls it, for people reading the node list
 * @param capability a GPU's compute capability; null for the CPU, or where the backend
 * did not report it
 */
public record ComputeDevice(Kind kind, int index, String name, ComputeCapability capability) {

	public enum Kind {

		CPU, GPU

	}

	/** The host's CPU, which ND4J's CPU backend treats as one device. */
	public static ComputeDevice cpu() {
		return new ComputeDevice(Kind.CPU, 0, "cpu", null);
	}

	public static ComputeDevice gpu(int index, String name) {
		return gpu(index, name, null);
	}

	public static ComputeDevice gpu(int index, String name, ComputeCapability capability) {
		return new ComputeDevice(Kind.GPU, index, name, capability);
	}

	public boolean isGpu() {
		return this.kind == Kind.GPU;
	}

}
