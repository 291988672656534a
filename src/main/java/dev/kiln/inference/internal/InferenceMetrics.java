package dev.kiln.inference.internal;

import java.util.function.Supplier;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import org.springframework.stereotype.Component;

/**
 * {@code kiln.inference.latency}: how long the model call of a prediction takes (the
 * network's forward pass over the request's instances; decoding the request and loading a
 * model into the cache are not in it, the whole request is in
 * {@code http.server.requests}). application.yaml gives it Prometheus histogram buckets.
 */
@Component
class InferenceMetrics {

	private final Timer latency;

	InferenceMetrics(MeterRegistry registry) {
		this.latency = Timer.builder("kiln.inference.latency")
			.description("Time the model call of a prediction took")
			.register(registry);
	}

	<T> T timeModelCall(Supplier<T> call) {
		return this.latency.record(call);
	}

}
