package dev.kiln.node.internal;

import java.util.Locale;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.kiln.engine.ComputeDevice;
import dev.kiln.engine.GpuCheck;
import io.swagger.v3.oas.annotations.media.Schema;

/**
 * A node's device as stored in the registry and shown by the nodes API. The GPU fields
 * are left out for the CPU, and are missing from the rows of nodes that predate them.
 */
@Schema(description = "A compute device of a node")
record NodeDevice(@Schema(description = "cpu or gpu", allowableValues = {
		"cpu", "gpu" }) String kind, @Schema(description = "The backend's device number (0 for the CPU)") int index,
		@Schema(description = "The device's name, as the backend reports it") String name,
		@JsonInclude(JsonInclude.Include.NON_NULL) @Schema(
				description = "A GPU's CUDA compute capability, major.minor (absent for the CPU)",
				example = "8.6") String computeCapability,
		@JsonInclude(JsonInclude.Include.NON_NULL) @Schema(
				description = "Whether Kiln's CUDA build can run on this GPU; the node trains only on GPUs that "
						+ "it can (absent for the CPU)") Boolean supported,
		@JsonInclude(JsonInclude.Include.NON_NULL) @Schema(
				description = "Why it cannot, with the supported range and the way out (only for a GPU that is "
						+ "not supported)") String unsupportedReason){

	NodeDevice(String kind, int index, String name) {
		this(kind, index, name, null, null, null);
	}

	static NodeDevice of(ComputeDevice device, GpuCheck check) {
		String kind = device.kind().name().toLowerCase(Locale.ROOT);
		if (!device.isGpu()) {
			return new NodeDevice(kind, device.index(), device.name());
		}
		String reason = check.whyNot(device)
			.map((why) -> why + ". Supported GPUs: " + check.supportedRange().orElseThrow() + ". " + GpuCheck.WAY_OUT)
			.orElse(null);
		return new NodeDevice(kind, device.index(), device.name(),
				(device.capability() != null) ? device.capability().toString() : null, reason == null, reason);
	}

}
