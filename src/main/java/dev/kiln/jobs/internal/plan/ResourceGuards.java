package dev.kiln.jobs.internal.plan;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import dev.kiln.engine.NativeRuntime;
import dev.kiln.jobs.LimitsProperties;
import dev.kiln.spec.CompiledSpec;
import dev.kiln.spec.JobSpec;
import dev.kiln.spec.SpecDefaults;
import dev.kiln.spec.SpecViolation;

import org.springframework.stereotype.Component;

/**
 * What this node accepts at submission ({@code kiln.limits.*}): epochs, batch size,
 * parameter count and the training-memory estimate. Applied to submissions and dry runs,
 * not to queued jobs when they start.
 */
@Component
public class ResourceGuards {

	private final LimitsProperties limits;

	ResourceGuards(LimitsProperties limits) {
		this.limits = limits;
	}

	/** The memory a job's estimate may reach, and where that limit comes from. */
	public record MemoryLimit(long bytes, String source) {
	}

	/**
	 * @param compiled the compiled spec, or null when the spec has violations of its own
	 * (then only the limits that need no compilation are checked)
	 */
	List<SpecViolation> check(JobSpec spec, CompiledSpec compiled) {
		List<SpecViolation> violations = new ArrayList<>();
		Integer epochs = (spec.training() != null) ? spec.training().epochs() : null;
		Integer batchSize = (spec.training() != null) ? spec.training().batchSize() : null;
		over("$.training.epochs", epochs, SpecDefaults.EPOCHS, SpecDefaults.MAX_EPOCHS, this.limits.maxEpochs(),
				"%,d epochs", violations);
		over("$.training.batchSize", batchSize, SpecDefaults.BATCH_SIZE, SpecDefaults.MAX_BATCH_SIZE,
				this.limits.maxBatchSize(), "minibatches of %,d", violations);
		if (compiled == null) {
			return violations;
		}
		if (compiled.parameters() > this.limits.maxParameters()) {
			violations.add(new SpecViolation("$.model", "the model has " + count(compiled.parameters())
					+ " parameters; this node allows at most " + count(this.limits.maxParameters())));
		}
		MemoryLimit memory = memoryLimit();
		if (memory != null && compiled.estimatedMemoryBytes() > memory.bytes()) {
			violations.add(new SpecViolation("$.model",
					"training the model on minibatches of " + count(compiled.settings().batchSize()) + " needs about "
							+ bytes(compiled.estimatedMemoryBytes()) + " (DL4J's estimate); this node allows at most "
							+ bytes(memory.bytes()) + " (" + memory.source() + ")"));
		}
		return violations;
	}

	/**
	 * Values outside the spec's own range are left to the spec's checks, so that a field
	 * is not reported twice.
	 */
	private static void over(String path, Integer given, int fallback, int hardLimit, int limit, String what,
			List<SpecViolation> violations) {
		int value = (given != null) ? given : fallback;
		if (value < 1 || value > hardLimit || value <= limit) {
			return;
		}
		violations.add(new SpecViolation(path, "the job asks for " + String.format(Locale.ROOT, what, value)
				+ ((given == null) ? " (the default)" : "") + "; this node allows at most " + count(limit)));
	}

	/** The lowest of kiln.limits.max-memory, the off-heap limit and physical memory. */
	public MemoryLimit memoryLimit() {
		MemoryLimit limit = null;
		if (this.limits.maxMemory() != null) {
			limit = new MemoryLimit(this.limits.maxMemory().toBytes(), "kiln.limits.max-memory");
		}
		limit = lower(limit, NativeRuntime.maxOffHeapBytes(),
				"the memory ND4J may allocate: org.bytedeco.javacpp.maxBytes, by default the JVM's max heap");
		return lower(limit, NativeRuntime.physicalMemoryBytes(), "the machine's memory");
	}

	private static MemoryLimit lower(MemoryLimit current, long bytes, String source) {
		if (bytes <= 0 || (current != null && current.bytes() <= bytes)) {
			return current;
		}
		return new MemoryLimit(bytes, source);
	}

	static String count(long value) {
		return String.format(Locale.ROOT, "%,d", value);
	}

	public static String bytes(long value) {
		return String.format(Locale.ROOT, "%,d bytes (%.1f GiB)", value, value / (1024.0 * 1024 * 1024));
	}

}
