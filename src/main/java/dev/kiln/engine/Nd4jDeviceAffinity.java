package dev.kiln.engine;

import org.nd4j.linalg.factory.Nd4j;

/**
 * Pins a thread through ND4J's affinity manager. {@code unsafeSetDevice} sets the CUDA
 * device of the current thread only; "unsafe" because arrays the thread made earlier stay
 * on their device, which is why it is called first thing on a fresh worker thread.
 */
final class Nd4jDeviceAffinity implements DeviceAffinity {

	@Override
	public void pinCurrentThread(ComputeDevice device) {
		if (device.isGpu()) {
			Nd4j.getAffinityManager().unsafeSetDevice(device.index());
		}
	}

}
