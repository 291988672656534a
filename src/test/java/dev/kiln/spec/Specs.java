package dev.kiln.spec;

import java.util.List;

import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * Specs for tests, written as clients write them.
 */
final class Specs {

	static final JsonMapper MAPPER = JsonMapper.builder()
		.enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
		.build();

	static final SpecCompiler COMPILER = new SpecCompiler();

	/** The classic CNN for 28x28 grey images. */
	static final String CLASSIC_CNN = """
			{"name": "cnn", "dataset": "fashion-mnist",
			 "model": {"input": [28, 28, 1], "layers": [
			   {"type": "conv2d", "filters": 6, "kernel": 6, "stride": 1, "padding": "same", "activation": "relu"},
			   {"type": "conv2d", "filters": 12, "kernel": [5, 5], "stride": 2, "padding": "same", "activation": "relu"},
			   {"type": "conv2d", "filters": 24, "kernel": 4, "stride": [2, 2], "padding": "same", "activation": "relu"},
			   {"type": "dense", "units": 200, "activation": "relu", "dropout": 0.25},
			   {"type": "output", "units": 10, "activation": "softmax"}]}}
			""";

	static final String MLP_5 = """
			{"model": {"input": [784], "layers": [
			   {"type": "dense", "units": 200}, {"type": "dense", "units": 100},
			   {"type": "dense", "units": 60}, {"type": "dense", "units": 30},
			   {"type": "output", "units": 10}]}}
			""";

	static final String MLP_IRIS = """
			{"model": {"input": [4], "layers": [{"type": "dense", "units": 16}, {"type": "output"}]}}
			""";

	static final DataShape MNIST = new DataShape(List.of(28, 28, 1), 10, 60_000);

	static final DataShape IRIS = new DataShape(List.of(4), 3, 105);

	private Specs() {
	}

	static JobSpec parse(String json) {
		return MAPPER.readValue(json, JobSpec.class);
	}

	static CompiledSpec compile(String json, DataShape data) {
		return COMPILER.compile(parse(json), data);
	}

	/** A model with the given input and layers (JSON arrays' contents). */
	static String model(String input, String layers) {
		return "{\"model\": {\"input\": [" + input + "], \"layers\": [" + layers + "]}}";
	}

}
