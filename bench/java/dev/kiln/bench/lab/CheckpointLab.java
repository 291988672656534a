package dev.kiln.bench.lab;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import dev.kiln.engine.EngineSettings;
import dev.kiln.engine.ModelFiles;
import dev.kiln.engine.NativeRuntime;
import dev.kiln.spec.CompiledSpec;
import dev.kiln.spec.DataShape;
import dev.kiln.spec.JobSpec;
import dev.kiln.spec.SpecCompiler;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;

/**
 * Writing a checkpoint (network and Adam's state) of each recipe given: DL4J's
 * {@code ModelSerializer.writeModel} against {@link ModelFiles#write} (uncompressed);
 * milliseconds per write and bytes.
 */
public final class CheckpointLab {

	public static void main(String[] args) throws Exception {
		NativeRuntime.prepareProcess();
		NativeRuntime.configure(new EngineSettings(true, 1));
		JsonMapper json = JsonMapper.builder().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();
		Path dir = Files.createTempDirectory("checkpoints");
		for (String recipe : args) {
			JobSpec spec = json.readValue(Files.readString(Path.of(recipe)), JobSpec.class);
			CompiledSpec compiled = new SpecCompiler().compile(spec,
					new DataShape(List.of(28, 28, 1), 10, 18_000));
			MultiLayerNetwork network = new MultiLayerNetwork(compiled.configuration());
			network.init();
			network.getUpdater().getStateViewArray().assign(org.nd4j.linalg.factory.Nd4j.rand(
					network.getUpdater().getStateViewArray().dataType(),
					network.getUpdater().getStateViewArray().shape()));
			Path file = dir.resolve("checkpoint.zip");
			for (int round = 0; round < 3; round++) {
				long start = System.nanoTime();
				for (int i = 0; i < 10; i++) {
					ModelSerializer.writeModel(network, file.toFile(), true);
				}
				double dl4j = (System.nanoTime() - start) / 1e7;
				long dl4jBytes = Files.size(file);
				start = System.nanoTime();
				for (int i = 0; i < 10; i++) {
					ModelFiles.write(network, file, null);
				}
				double stored = (System.nanoTime() - start) / 1e7;
				long storedBytes = Files.size(file);
				System.out.printf("%s: writeModel %.1f ms %,d B; ModelFiles.write %.1f ms %,d B%n",
						Path.of(recipe).getFileName(), dl4j, dl4jBytes, stored, storedBytes);
			}
		}
	}

}
