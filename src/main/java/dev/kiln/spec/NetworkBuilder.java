package dev.kiln.spec;

import java.util.ArrayList;
import java.util.List;

import dev.kiln.spec.ResolvedSpec.Layer;
import dev.kiln.spec.ResolvedSpec.Optimizer;
import dev.kiln.spec.ResolvedSpec.Schedule;
import dev.kiln.spec.ResolvedSpec.Shape;
import org.deeplearning4j.nn.conf.CacheMode;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.RNNFormat;
import org.deeplearning4j.nn.conf.dropout.Dropout;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.DropoutLayer;
import org.deeplearning4j.nn.conf.layers.LSTM;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer.PoolingType;
import org.deeplearning4j.nn.conf.layers.recurrent.LastTimeStep;
import org.deeplearning4j.nn.conf.memory.MemoryUseMode;
import org.deeplearning4j.preprocessors.ReshapePreprocessor;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.learning.config.AdaGrad;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.learning.config.Nesterovs;
import org.nd4j.linalg.learning.config.RmsProp;
import org.nd4j.linalg.learning.config.Sgd;
import org.nd4j.linalg.schedule.ISchedule;
import org.nd4j.linalg.schedule.ScheduleType;
import org.nd4j.linalg.schedule.StepSchedule;

/**
 * Turns a resolved spec into a DL4J configuration of DL4J's own layers, activations,
 * dropout and preprocessors (the engine swaps in faster implementations where it runs
 * them). Learning-rate schedules DL4J lacks are Kiln's own {@link ISchedule}s.
 */
final class NetworkBuilder {

	private NetworkBuilder() {
	}

	static CompiledSpec build(ResolvedSpec spec) {
		NeuralNetConfiguration.Builder builder = new NeuralNetConfiguration.Builder().seed(spec.settings().seed())
			.dataType(DataType.FLOAT)
			.updater(updater(spec.optimizer(), spec.schedule()))
			.weightInit(spec.weightInit())
			.cacheMode(cacheMode(spec));
		if (spec.l2() > 0) {
			builder.l2(spec.l2());
		}
		NeuralNetConfiguration.ListBuilder list = builder.list();
		for (Layer layer : spec.layers()) {
			list.layer(layer.index(), layer(layer));
		}
		Shape input = spec.input();
		InputType inputType = switch (input.kind()) {
			case FLAT -> InputType.feedForward(input.size());
			// DL4J adds its flat-to-image preprocessor where a layer needs images
			case IMAGE -> InputType.convolutionalFlat(input.dims().get(0), input.dims().get(1), input.dims().get(2));
			case SEQUENCE -> {
				// flat rows hold time step after time step: [n, timesteps * features]
				// reshapes to [n, timesteps, features], DL4J's NWC layout
				long timesteps = input.dims().get(0);
				long features = input.dims().get(1);
				list.inputPreProcessor(0, new ReshapePreprocessor(new long[] { timesteps * features },
						new long[] { timesteps, features }, false, RNNFormat.NWC));
				yield InputType.feedForward(input.size());
			}
		};
		MultiLayerConfiguration configuration = list.setInputType(inputType).build();
		long memory = configuration.getMemoryReport(inputType)
			.getTotalMemoryBytes(spec.settings().batchSize(), MemoryUseMode.TRAINING, configuration.getCacheMode(),
					DataType.FLOAT);
		List<LayerSummary> summaries = new ArrayList<>();
		for (Layer layer : spec.layers()) {
			summaries.add(new LayerSummary(layer.index(), layer.type(), layer.output().dims(), layer.parameters()));
		}
		return new CompiledSpec(configuration, List.copyOf(summaries), spec.parameters(), memory, spec.settings());
	}

	/**
	 * {@link CacheMode#DEVICE} for networks with convolution layers: without a cache, a
	 * convolution layer's backward pass runs its forward convolution again (6 instead of
	 * 3 conv2d calls per step for a 3-convolution network, parameters bit-identical
	 * either way, see docs/profiling.md). Dense-only networks gain nothing from it.
	 */
	static CacheMode cacheMode(ResolvedSpec spec) {
		for (Layer layer : spec.layers()) {
			if (Vocabulary.CONV2D.equals(layer.type())) {
				return CacheMode.DEVICE;
			}
		}
		return CacheMode.NONE;
	}

	private static org.deeplearning4j.nn.conf.layers.Layer layer(Layer layer) {
		return switch (layer.type()) {
			case Vocabulary.DENSE -> configure(new DenseLayer.Builder().nOut(layer.size()), layer).build();
			case Vocabulary.CONV2D -> configure(new ConvolutionLayer.Builder(layer.kernel()).stride(layer.stride())
				.convolutionMode(mode(layer))
				.nOut(layer.size()), layer).build();
			case Vocabulary.MAXPOOL2D,
					Vocabulary.AVGPOOL2D ->
				new SubsamplingLayer.Builder(
						Vocabulary.MAXPOOL2D.equals(layer.type()) ? PoolingType.MAX : PoolingType.AVG, layer.kernel(),
						layer.stride())
					.convolutionMode(mode(layer))
					.build();
			case Vocabulary.DROPOUT -> new DropoutLayer.Builder(new Dropout(1 - layer.dropRate())).build();
			case Vocabulary.BATCHNORM -> new BatchNormalization.Builder().build();
			case Vocabulary.LSTM -> {
				LSTM lstm = configure(new LSTM.Builder().nOut(layer.size()).dataFormat(RNNFormat.NWC), layer).build();
				yield layer.lastTimeStep() ? new LastTimeStep(lstm) : lstm;
			}
			case Vocabulary.OUTPUT ->
				configure(new OutputLayer.Builder(layer.loss()).nOut(layer.size()), layer).build();
			default -> throw new IllegalStateException(layer.type());
		};
	}

	/** Activation, input dropout and weight initialisation of a layer with weights. */
	private static <B extends BaseLayer.Builder<B>> B configure(B builder, Layer layer) {
		builder.activation(layer.activation());
		if (layer.dropRate() > 0) {
			// DL4J takes the probability of keeping an input
			builder.dropOut(new Dropout(1 - layer.dropRate()));
		}
		if (layer.weightInit() != null) {
			builder.weightInit(layer.weightInit());
		}
		return builder;
	}

	private static ConvolutionMode mode(Layer layer) {
		return layer.samePadding() ? ConvolutionMode.Same : ConvolutionMode.Truncate;
	}

	static IUpdater updater(Optimizer optimizer, Schedule schedule) {
		ISchedule lr = learningRateSchedule(optimizer.learningRate(), schedule);
		return switch (optimizer.type()) {
			case Vocabulary.SGD -> (lr != null) ? new Sgd(lr) : new Sgd(optimizer.learningRate());
			case Vocabulary.MOMENTUM -> (lr != null) ? new Nesterovs(lr, optimizer.momentum())
					: new Nesterovs(optimizer.learningRate(), optimizer.momentum());
			case Vocabulary.ADAM -> {
				Adam.Builder adam = Adam.builder()
					.beta1(optimizer.beta1())
					.beta2(optimizer.beta2())
					.epsilon(optimizer.epsilon());
				yield ((lr != null) ? adam.learningRateSchedule(lr) : adam.learningRate(optimizer.learningRate()))
					.build();
			}
			case Vocabulary.RMSPROP -> {
				RmsProp.Builder rmsProp = RmsProp.builder().rmsDecay(optimizer.decay()).epsilon(optimizer.epsilon());
				yield ((lr != null) ? rmsProp.learningRateSchedule(lr) : rmsProp.learningRate(optimizer.learningRate()))
					.build();
			}
			case Vocabulary.ADAGRAD -> (lr != null) ? new ScheduledAdaGrad(lr, optimizer.epsilon())
					: new AdaGrad(optimizer.learningRate(), optimizer.epsilon());
			default -> throw new IllegalStateException(optimizer.type());
		};
	}

	/** The learning rate's schedule, or null for a fixed rate. */
	static ISchedule learningRateSchedule(double learningRate, Schedule schedule) {
		ScheduleType unit = schedule.perEpoch() ? ScheduleType.EPOCH : ScheduleType.ITERATION;
		return switch (schedule.type()) {
			case Vocabulary.FIXED -> null;
			case Vocabulary.EXPONENTIAL ->
				new ExponentialDecaySchedule(unit, learningRate, schedule.floor(), schedule.decaySteps());
			case Vocabulary.STEP -> new StepSchedule(unit, learningRate, schedule.factor(), schedule.every());
			case Vocabulary.COSINE ->
				new CosineDecaySchedule(unit, learningRate, schedule.floor(), schedule.totalSteps());
			case Vocabulary.POLYNOMIAL -> new PolynomialDecaySchedule(unit, learningRate, schedule.floor(),
					schedule.power(), schedule.totalSteps());
			default -> throw new IllegalStateException(schedule.type());
		};
	}

}
