package dev.kiln.jobs;

import dev.kiln.spec.SpecDefaults;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;

/**
 * What this node accepts at submission (and in dry runs). Each limit can only lower the
 * spec language's own hard limits, which are the defaults.
 *
 * @param maxEpochs the most {@code training.epochs} a job may ask for
 * @param maxBatchSize the largest {@code training.batchSize}
 * @param maxParameters the most trainable parameters a model may have
 * @param maxMemory the largest training-memory estimate for one minibatch (the dry run's
 * {@code estimatedMemoryBytes}); unset: no limit of its own. The memory ND4J may allocate
 * (JavaCPP's {@code org.bytedeco.javacpp.maxBytes}, by default the JVM's max heap) and
 * the machine's physical memory always apply.
 */
@Validated
@ConfigurationProperties("kiln.limits")
public record LimitsProperties(@DefaultValue("100000") @Min(1) @Max(SpecDefaults.MAX_EPOCHS) int maxEpochs,
		@DefaultValue("65536") @Min(1) @Max(SpecDefaults.MAX_BATCH_SIZE) int maxBatchSize,
		@DefaultValue("100000000") @Min(1) @Max(SpecDefaults.MAX_PARAMETERS) long maxParameters, DataSize maxMemory) {
}
