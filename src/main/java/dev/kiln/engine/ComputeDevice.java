package dev.kiln.engine;

/**
 * One device a worker trains on.
 *
 * @param kind the CPU or a GPU
 * @param index the backend's device number (0 for the CPU)
 * @param name what the backend calls it, for people reading the node list
 */
public record ComputeDevice(Kind kind, int index, String name) {

	public enum Kind {

		CPU, GPU

	}

	/** The host's CPU, which ND4J's CPU backend treats as one device. */
	public static ComputeDevice cpu() {
		return new ComputeDevice(Kind.CPU, 0, "cpu");
	}

	public static ComputeDevice gpu(int index, String name) {
		return new ComputeDevice(Kind.GPU, index, name);
	}

	public boolean isGpu() {
		return this.kind == Kind.GPU;
	}

}
