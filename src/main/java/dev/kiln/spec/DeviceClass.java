package dev.kiln.spec;

/**
 * The spec's {@code device}: which nodes may claim the job. A job's row stores its
 * {@link #specName()}, the word the spec uses.
 */
public enum DeviceClass {

	/** Only a node with a GPU. */
	GPU(SpecDefaults.DEVICE_GPU),

	/** Only a CPU node. */
	CPU(SpecDefaults.DEVICE_CPU),

	/** Any node that trains (the default). */
	ANY(SpecDefaults.DEVICE_ANY);

	private final String specName;

	DeviceClass(String specName) {
		this.specName = specName;
	}

	/** The word the spec, the API and the job's row use: gpu, cpu or any. */
	public String specName() {
		return this.specName;
	}

	public static DeviceClass fromSpecName(String name) {
		for (DeviceClass device : values()) {
			if (device.specName.equals(name)) {
				return device;
			}
		}
		throw new IllegalArgumentException("unknown device '" + name + "'");
	}

}
