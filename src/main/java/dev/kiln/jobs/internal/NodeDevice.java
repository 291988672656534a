package dev.kiln.jobs.internal;

import java.util.Locale;

import dev.kiln.engine.ComputeDevice;
import io.swagger.v3.oas.annotations.media.Schema;

/**
 * A node's device as stored in the registry and shown by the nodes API.
 */
@Schema(description = "A compute device of a node")
record NodeDevice(@Schema(description = "cpu or gpu", allowableValues = {
		"cpu", "gpu" }) String kind, @Schema(description = "The backend's device number (0 for the CPU)") int index,
		@Schema(description = "The device's name, as the backend reports it") String name){

	static NodeDevice of(ComputeDevice device) {
		return new NodeDevice(device.kind().name().toLowerCase(Locale.ROOT), device.index(), device.name());
	}

}
