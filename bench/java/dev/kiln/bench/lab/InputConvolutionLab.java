package dev.kiln.bench.lab;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.kiln.engine.EngineSettings;
import dev.kiln.engine.Examples;
import dev.kiln.engine.FeatureScaling;
import dev.kiln.engine.NativeRuntime;
import dev.kiln.spec.CompiledSpec;
import dev.kiln.spec.DataShape;
import dev.kiln.spec.JobSpec;
import dev.kiln.spec.SpecCompiler;
import dev.kiln.engine.cpu.CpuAccelerations;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

import org.deeplearning4j.nn.api.MaskState;
import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.InputPreProcessor;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.conf.preprocessor.CnnToFeedForwardPreProcessor;
import org.deeplearning4j.nn.conf.preprocessor.FeedForwardToCnnPreProcessor;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A CNN recipe three ways, bare loops alternating in one JVM: built from DL4J's own classes
 * ({@code dl4j}), as Kiln compiles it (its {@code InputConvolutionLayer} and
 * {@code ReluActivation}: {@code kiln}), that with the engine's updater ({@code engine}),
 * and DL4J's classes in NHWC ({@code nhwc}).
 * Arguments: recipe, rows, native threads, rounds (the first is warm-up), variants.
 */
public final class InputConvolutionLab {

	public static void main(String[] args) throws Exception {
		NativeRuntime.prepareProcess();
		NativeRuntime.configure(new EngineSettings(true, Integer.parseInt(args.length > 2 ? args[2] : "1")));
		Examples raw = StepLab.idx(Path.of("/usr/share/datasets/fashion-mnist"), "train", Integer.parseInt(args[1]));
		Examples train = FeatureScaling.fit("minmax", raw).apply(raw);
		JobSpec spec = JsonMapper.builder()
			.disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
			.build()
			.readValue(Files.readString(Path.of(args[0])), JobSpec.class);
		CompiledSpec compiled = new SpecCompiler().compile(spec, new DataShape(spec.model().input(), 10, train.count()));
		MultiLayerConfiguration dl4j = compiled.configuration();
		MultiLayerConfiguration kiln = CpuAccelerations.accelerate(dl4j);
		Map<String, MultiLayerConfiguration> layouts = new LinkedHashMap<>();
		layouts.put("dl4j", dl4j);
		layouts.put("kiln", kiln);
		layouts.put("engine", kiln);
		layouts.put("nhwc", nhwc(dl4j));
		int batch = compiled.settings().batchSize();
		int rounds = Integer.parseInt(args.length > 3 ? args[3] : "5");
		List<String> names = List.of((args.length > 4 ? args[4] : "dl4j,kiln,nhwc").split(","));
		Map<String, StepLab.LoopVariant> variants = new LinkedHashMap<>();
		Map<String, List<Double>> speeds = new LinkedHashMap<>();
		for (String name : names) {
			StepLab.LoopVariant variant = new StepLab.LoopVariant(layouts.get(name), train, batch,
					StepLab.LoopVariant.Feed.FIT_DATASET, false);
			variants.put(name, name.equals("engine") ? variant.withOwnGradientUpdater() : variant);
			speeds.put(name, new ArrayList<>());
		}
		for (int round = 0; round < rounds; round++) {
			StringBuilder line = new StringBuilder("round " + round);
			for (String name : names) {
				double speed = variants.get(name).epoch(round + 1);
				line.append(String.format("  %s %.0f", name, speed));
				if (round > 0) {
					speeds.get(name).add(speed);
				}
			}
			System.out.println(line + " samples/s");
		}
		double base = StepLab.median(speeds.get(names.get(0)));
		for (String name : names) {
			double median = StepLab.median(speeds.get(name));
			System.out.printf("median %s %.0f samples/s, %.3f x %s%n", name, median, median / base, names.get(0));
		}
	}

	static MultiLayerConfiguration nhwc(MultiLayerConfiguration configuration) {
		MultiLayerConfiguration copy = configuration.clone();
		copy.getConfs().forEach(c -> {
			if (c.getLayer() instanceof ConvolutionLayer conv) {
				conv.setCnn2dDataFormat(CNN2DFormat.NHWC);
			}
			if (c.getLayer() instanceof SubsamplingLayer pool) {
				pool.setCnn2dDataFormat(CNN2DFormat.NHWC);
			}
		});
		copy.getInputPreProcessors().replaceAll((layer, pre) -> {
			if (pre instanceof FeedForwardToCnnPreProcessor f) {
				return new FlatToNhwc(f.getInputHeight(), f.getInputWidth(), f.getNumChannels());
			}
			if (pre instanceof CnnToFeedForwardPreProcessor c) {
				return new CnnToFeedForwardPreProcessor(c.getInputHeight(), c.getInputWidth(), c.getNumChannels(),
						CNN2DFormat.NHWC);
			}
			return pre;
		});
		return copy;
	}

	/** Flat rows of one channel to [batch, h, w, 1]. */
	record FlatToNhwc(long height, long width, long channels) implements InputPreProcessor {

		@Override
		public INDArray preProcess(INDArray input, int miniBatchSize, LayerWorkspaceMgr workspaceMgr) {
			INDArray in = input.ordering() == 'c' ? input : workspaceMgr.dup(ArrayType.ACTIVATIONS, input, 'c');
			return workspaceMgr.leverageTo(ArrayType.ACTIVATIONS,
					in.reshape('c', in.size(0), this.height, this.width, this.channels));
		}

		@Override
		public INDArray backprop(INDArray output, int miniBatchSize, LayerWorkspaceMgr workspaceMgr) {
			INDArray out = output.ordering() == 'c' ? output : workspaceMgr.dup(ArrayType.ACTIVATION_GRAD, output, 'c');
			return workspaceMgr.leverageTo(ArrayType.ACTIVATION_GRAD,
					out.reshape('c', out.size(0), this.height * this.width * this.channels));
		}

		@Override
		public InputPreProcessor clone() {
			return this;
		}

		@Override
		public InputType getOutputType(InputType inputType) {
			return InputType.convolutional(this.height, this.width, this.channels, CNN2DFormat.NHWC);
		}

		@Override
		public Pair<INDArray, MaskState> feedForwardMaskArray(INDArray maskArray, MaskState currentMaskState,
				int minibatchSize) {
			return new Pair<>(maskArray, currentMaskState);
		}

	}

}
