package dev.kiln.inference.internal;

import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import org.springframework.stereotype.Component;

/**
 * The inference module's meters:
 * <ul>
 * <li>{@code kiln.inference.latency}: how long the model call of a prediction takes, from
 * handing its rows to the model's batcher to having its probabilities (so the wait for a
 * shared forward pass is in it; decoding the request and loading a model into the cache
 * are not, the whole request is in {@code http.server.requests}). application.yaml gives
 * it Prometheus histogram buckets.</li>
 * <li>{@code kiln.inference.batch.rows}: the rows of each forward pass; its count is the
 * number of passes, fewer than the predictions when requests were batched together.</li>
 * <li>{@code kiln.inference.pass}: how long each forward pass took. A model runs one pass
 * at a time, so with one model in use its total over a period, divided by the period, is
 * the share of it that the model's passes were running: near 1, they are what limits the
 * model's throughput (several models' passes add up).</li>
 * <li>{@code kiln.inference.cache.models} and {@code kiln.inference.cache.bytes}: the
 * loaded models and the bytes of their parameters.</li>
 * </ul>
 */
@Component
class InferenceMetrics {

	private final MeterRegistry registry;

	private final Timer latency;

	private final DistributionSummary batchRows;

	private final Timer pass;

	InferenceMetrics(MeterRegistry registry) {
		this.registry = registry;
		this.latency = Timer.builder("kiln.inference.latency")
			.description("Time the model call of a prediction took")
			.register(registry);
		this.batchRows = DistributionSummary.builder("kiln.inference.batch.rows")
			.description("Rows in each forward pass of the prediction batcher")
			.baseUnit("rows")
			.register(registry);
		this.pass = Timer.builder("kiln.inference.pass")
			.description("Time each forward pass of the prediction batcher took")
			.register(registry);
	}

	<T> T timeModelCall(Supplier<T> call) {
		return this.latency.record(call);
	}

	void passRan(int rows, long nanos) {
		this.batchRows.record(rows);
		this.pass.record(nanos, TimeUnit.NANOSECONDS);
	}

	void watchCache(Supplier<Number> models, Supplier<Number> bytes) {
		Gauge.builder("kiln.inference.cache.models", models)
			.description("Models loaded for predictions")
			.register(this.registry);
		Gauge.builder("kiln.inference.cache.bytes", bytes)
			.description("Bytes of the parameters of the models loaded for predictions")
			.baseUnit("bytes")
			.register(this.registry);
	}

}
