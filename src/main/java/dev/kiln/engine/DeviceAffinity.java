package dev.kiln.engine;

/**
 * Binds the calling thread to a device, before it creates any array: ND4J keeps one
 * device per thread, and a network must stay on the thread (and device) it was built on.
 */
public interface DeviceAffinity {

	void pinCurrentThread(ComputeDevice device);

	/** ND4J's affinity manager: a GPU by its index; the CPU needs nothing. */
	static DeviceAffinity nd4j() {
		return new Nd4jDeviceAffinity();
	}

}
