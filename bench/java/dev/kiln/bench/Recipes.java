package dev.kiln.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import dev.kiln.engine.EngineSettings;
import dev.kiln.engine.NativeRuntime;
import dev.kiln.spec.CompiledSpec;
import dev.kiln.spec.DataShape;
import dev.kiln.spec.JobSpec;
import dev.kiln.spec.SpecCompiler;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** The course's recipes ({@code examples/*.json}) made into the jobs a section submits. */
final class Recipes {

	private Recipes() {
	}

	/** The recipe as a job on {@code dataset} (a name or id), for {@code epochs} epochs. */
	static ObjectNode job(Path recipeFile, String dataset, int epochs) throws IOException {
		ObjectNode spec = (ObjectNode) ApiClient.JSON.readTree(Files.readString(recipeFile));
		spec.put("dataset", dataset);
		((ObjectNode) spec.get("training")).put("epochs", epochs);
		return spec;
	}

	/** As {@link #job(Path, String, int)}, as JSON text. */
	static String jobJson(Path recipeFile, String dataset, int epochs) throws IOException {
		return ApiClient.JSON.writeValueAsString(job(recipeFile, dataset, epochs));
	}

	/** The spec with its training seed set to {@code seed}. */
	static String withSeed(String spec, long seed) {
		ObjectNode tree = (ObjectNode) ApiClient.JSON.readTree(spec);
		((ObjectNode) tree.get("training")).put("seed", seed);
		return ApiClient.JSON.writeValueAsString(tree);
	}

	/** A recipe's name in the report: {@code fashion-mnist-6-cnn.json} is {@code 6-cnn}. */
	static String shortName(String recipe) {
		return recipe.replace("fashion-mnist-", "").replace(".json", "");
	}

	/** The job spec compiled as Kiln compiles it for Fashion-MNIST's images. */
	static CompiledSpec compile(String spec, FashionMnist data, int trainRows) {
		JobSpec parsed = ApiClient.JSON.readValue(spec, JobSpec.class);
		DataShape shape = new DataShape(List.of(data.height(), data.width(), 1), FashionMnist.CLASSES, trainRows);
		return new SpecCompiler().compile(parsed, shape);
	}

	/**
	 * The native threads Kiln's defaults ({@code kiln.engine.threads=0}, one worker) give
	 * the job on a machine of {@code processors}: the engine's own rule.
	 */
	static int defaultThreads(String spec, FashionMnist data, int processors) {
		return NativeRuntime.threadsFor(compile(spec, data, data.trainLabels().length).configuration(),
				new EngineSettings(true, 0, 1),
				processors);
	}

	/** Whether the spec's network has a convolution layer. */
	static boolean convolutional(String spec) {
		for (JsonNode layer : ApiClient.JSON.readTree(spec).get("model").get("layers")) {
			if ("conv2d".equals(layer.path("type").asString(""))) {
				return true;
			}
		}
		return false;
	}

}
