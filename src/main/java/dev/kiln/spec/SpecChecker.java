package dev.kiln.spec;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.kiln.spec.ResolvedSpec.Layer;
import dev.kiln.spec.ResolvedSpec.Optimizer;
import dev.kiln.spec.ResolvedSpec.Schedule;
import dev.kiln.spec.ResolvedSpec.Shape;
import dev.kiln.spec.ResolvedSpec.Shape.Kind;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.lossfunctions.LossFunctions.LossFunction;

import static dev.kiln.spec.Vocabulary.AVGPOOL2D;
import static dev.kiln.spec.Vocabulary.BATCHNORM;
import static dev.kiln.spec.Vocabulary.CONV2D;
import static dev.kiln.spec.Vocabulary.DENSE;
import static dev.kiln.spec.Vocabulary.DROPOUT;
import static dev.kiln.spec.Vocabulary.LSTM;
import static dev.kiln.spec.Vocabulary.MAXPOOL2D;
import static dev.kiln.spec.Vocabulary.OUTPUT;

/**
 * Checks a spec, collecting every violation, and resolves it (defaults, shapes, parameter
 * counts) on the way. One instance checks one spec.
 */
final class SpecChecker {

	private static final double INFINITY = Double.POSITIVE_INFINITY;

	/** For fields that do not apply (boxed, so that conditionals never unbox a null). */
	private static final Double NONE = 0.0;

	private final List<SpecViolation> violations = new ArrayList<>();

	private final DataShape data;

	SpecChecker(DataShape data) {
		this.data = data;
	}

	List<SpecViolation> violations() {
		return List.copyOf(this.violations);
	}

	/**
	 * @return the resolved spec, or null when the spec has violations
	 */
	ResolvedSpec check(JobSpec spec) {
		if (spec == null) {
			fail("$", "required");
			return null;
		}
		SplitSpec split = (spec.split() != null) ? spec.split() : new SplitSpec(null, null, null);
		Double validation = number("$.split.validation", split.validation(), SpecDefaults.VALIDATION_FRACTION, 0, true,
				1, false);
		Double test = number("$.split.test", split.test(), SpecDefaults.TEST_FRACTION, 0, true, 1, false);
		if (validation != null && test != null && validation + test >= 1) {
			fail((split.test() != null) ? "$.split.test" : "$.split.validation", "validation (" + format(validation)
					+ ") + test (" + format(test) + ") must be less than 1, leaving rows to train on");
		}
		long splitSeed = (split.seed() != null) ? split.seed() : SpecDefaults.SPLIT_SEED;
		String normalization = choice("$.normalization", spec.normalization(), "normalization",
				Vocabulary.NORMALIZATIONS, SpecDefaults.NORMALIZATION);
		String device = choice("$.device", spec.device(), "device", Vocabulary.DEVICES, SpecDefaults.DEVICE_ANY);

		Model model = checkModel(spec.model());

		TrainingSpec training = (spec.training() != null) ? spec.training()
				: new TrainingSpec(null, null, null, null, null, null);
		Integer epochs = integer("$.training.epochs", training.epochs(), SpecDefaults.EPOCHS, 1,
				SpecDefaults.MAX_EPOCHS);
		Integer batchSize = integer("$.training.batchSize", training.batchSize(), SpecDefaults.BATCH_SIZE, 1,
				SpecDefaults.MAX_BATCH_SIZE);
		long seed = (training.seed() != null) ? training.seed() : SpecDefaults.SEED;
		Double l2 = number("$.training.l2", training.l2(), SpecDefaults.L2, 0, true, INFINITY, false);
		Optimizer optimizer = checkOptimizer(training.optimizer());
		Schedule schedule = checkSchedule(training.schedule(), (optimizer != null) ? optimizer.learningRate() : null,
				epochs, batchSize);

		CheckpointSpec checkpoints = (spec.checkpoints() != null) ? spec.checkpoints()
				: new CheckpointSpec(null, null, null);
		Integer every = integer("$.checkpoints.every", checkpoints.every(), SpecDefaults.CHECKPOINT_EVERY, 1,
				SpecDefaults.MAX_CHECKPOINT_EVERY);
		Integer keepLast = integer("$.checkpoints.keepLast", checkpoints.keepLast(), SpecDefaults.KEEP_LAST, 0,
				SpecDefaults.MAX_KEEP_LAST);
		String metric = choice("$.checkpoints.metric", checkpoints.metric(), "checkpoint metric",
				Vocabulary.CHECKPOINT_METRICS, SpecDefaults.CHECKPOINT_METRIC);

		CompiledSpec.Stopping stopping = checkStopping(spec.stopping(), validation);

		if (!this.violations.isEmpty()) {
			return null;
		}
		CompiledSpec.Settings settings = new CompiledSpec.Settings(epochs, batchSize, seed, validation, test, splitSeed,
				normalization, every, keepLast, metric, stopping, device);
		return new ResolvedSpec(model.input(), model.layers(), model.weightInit(), optimizer, schedule, l2, settings);
	}

	private record Model(Shape input, List<Layer> layers, WeightInit weightInit) {
	}

	private CompiledSpec.Stopping checkStopping(StoppingSpec spec, Double validation) {
		if (spec == null) {
			return CompiledSpec.Stopping.NONE;
		}
		Duration maxRuntime = duration("$.stopping.maxRuntime", spec.maxRuntime());
		Duration maxQueueWait = duration("$.stopping.maxQueueWait", spec.maxQueueWait());
		CompiledSpec.EarlyStopping earlyStopping = null;
		EarlyStoppingSpec early = spec.earlyStopping();
		if (early != null) {
			String path = "$.stopping.earlyStopping";
			String metric = choice(path + ".metric", early.metric(), "early stopping metric",
					Vocabulary.CHECKPOINT_METRICS, SpecDefaults.EARLY_STOPPING_METRIC);
			Integer patience = integer(path + ".patience", early.patience(), SpecDefaults.PATIENCE, 1,
					SpecDefaults.MAX_EPOCHS);
			double maxDelta = "validationAccuracy".equals(metric) ? 1 : INFINITY;
			Double minDelta = number(path + ".minDelta", early.minDelta(), SpecDefaults.MIN_DELTA, 0, true, maxDelta,
					false);
			if (validation != null && validation == 0) {
				fail(path, "needs a validation split to watch: split.validation is 0");
			}
			if (metric != null && patience != null && minDelta != null) {
				earlyStopping = new CompiledSpec.EarlyStopping(metric, patience, minDelta);
			}
		}
		return new CompiledSpec.Stopping(maxRuntime, maxQueueWait, earlyStopping);
	}

	/** An ISO-8601 duration such as {@code PT30M}, positive and at most a year. */
	private Duration duration(String path, String value) {
		if (value == null) {
			return null;
		}
		Duration duration;
		try {
			duration = Duration.parse(value.trim());
		}
		catch (DateTimeParseException ex) {
			fail(path, "must be an ISO-8601 duration such as PT30M, PT2H or P1DT12H; got '" + value + "'");
			return null;
		}
		if (duration.isNegative() || duration.isZero() || duration.compareTo(SpecDefaults.MAX_STOPPING_DURATION) > 0) {
			fail(path, "must be longer than zero and at most " + SpecDefaults.MAX_STOPPING_DURATION.toDays()
					+ " days; got " + value);
			return null;
		}
		return duration;
	}

	private Model checkModel(ModelSpec model) {
		if (model == null) {
			fail("$.model", "required");
			return null;
		}
		Shape input = checkInput(model.input());
		WeightInit weightInit = weightInit("$.model.weightInit", model.weightInit(), SpecDefaults.WEIGHT_INIT);
		List<LayerSpec> specs = model.layers();
		if (specs == null) {
			fail("$.model.layers", "required");
			return null;
		}
		if (specs.isEmpty()) {
			fail("$.model.layers", "must hold at least one layer (the last one an output layer)");
			return null;
		}
		if (specs.size() > SpecDefaults.MAX_LAYERS) {
			fail("$.model.layers", "must hold at most " + SpecDefaults.MAX_LAYERS + " layers; got " + specs.size());
			return null;
		}

		// types first: placement rules need all of them
		List<String> types = new ArrayList<>();
		int lastLstm = -1;
		for (int i = 0; i < specs.size(); i++) {
			LayerSpec spec = specs.get(i);
			String type = null;
			if (spec == null) {
				fail(layerPath(i), "required");
			}
			else if (spec.type() == null) {
				fail(layerPath(i) + ".type", "required; expected one of " + String.join(", ", Vocabulary.LAYER_TYPES));
			}
			else {
				type = choice(layerPath(i) + ".type", spec.type(), "layer type", Vocabulary.LAYER_TYPES, null);
			}
			types.add(type);
			if (LSTM.equals(type)) {
				lastLstm = i;
			}
		}
		int last = specs.size() - 1;
		for (int i = 0; i < last; i++) {
			if (OUTPUT.equals(types.get(i))) {
				fail(layerPath(i) + ".type", "only the last layer may be an output layer");
			}
		}
		if (types.get(last) != null && !OUTPUT.equals(types.get(last))) {
			fail(layerPath(last) + ".type", "the last layer must be an output layer, not " + types.get(last));
		}

		Shape current = input;
		if (input != null && input.kind() == Kind.SEQUENCE) {
			String first = types.stream().filter((type) -> !DROPOUT.equals(type)).findFirst().orElse(null);
			if (first != null && !LSTM.equals(first)) {
				fail("$.model.input", "a [timesteps, features] input is for recurrent models: the first layer"
						+ " (after any dropout layers) must be lstm, not " + first);
				current = null;
			}
		}
		List<Layer> layers = new ArrayList<>();
		for (int i = 0; i < specs.size(); i++) {
			Layer layer = null;
			if (types.get(i) != null) {
				layer = checkLayer(i, specs.get(i), types.get(i), current, i == lastLstm);
			}
			layers.add(layer);
			current = (layer != null) ? layer.output() : null;
		}
		if (this.violations.isEmpty()) {
			long parameters = layers.stream().mapToLong(Layer::parameters).sum();
			if (parameters > SpecDefaults.MAX_PARAMETERS) {
				fail("$.model",
						String.format(java.util.Locale.ROOT, "the model has %,d parameters; at most %,d are allowed",
								parameters, SpecDefaults.MAX_PARAMETERS));
			}
		}
		return new Model(input, layers, weightInit);
	}

	private Shape checkInput(List<Integer> input) {
		String path = "$.model.input";
		if (input == null) {
			fail(path, "required: [features], [height, width, channels] or [timesteps, features]");
			return null;
		}
		if (input.isEmpty() || input.size() > 3) {
			fail(path, "must be [features], [height, width, channels] or [timesteps, features]; got " + input);
			return null;
		}
		boolean valid = true;
		long features = 1;
		for (int i = 0; i < input.size(); i++) {
			Integer d = input.get(i);
			if (d == null || d < 1) {
				fail(path + "[" + i + "]", "must be a positive integer; got " + d);
				valid = false;
			}
			else {
				features *= d;
			}
		}
		if (!valid) {
			return null;
		}
		if (features > SpecDefaults.MAX_INPUT_FEATURES) {
			fail(path, input + " holds " + features + " features; at most " + SpecDefaults.MAX_INPUT_FEATURES
					+ " are allowed");
			return null;
		}
		if (this.data != null && this.data.featureShape() != null) {
			long datasetFeatures = 1;
			for (Integer d : this.data.featureShape()) {
				datasetFeatures *= d;
			}
			if (features != datasetFeatures) {
				fail(path, "input " + input + " has " + features + " features but the dataset has " + datasetFeatures
						+ " (shape " + this.data.featureShape() + ")");
			}
		}
		Kind kind = switch (input.size()) {
			case 1 -> Kind.FLAT;
			case 2 -> Kind.SEQUENCE;
			default -> Kind.IMAGE;
		};
		return new Shape(kind, List.copyOf(input));
	}

	/**
	 * @param in the layer's input, null when unknown (an earlier violation)
	 * @return the layer (possibly with violations), or null when its output shape is
	 * unknown
	 */
	private Layer checkLayer(int index, LayerSpec spec, String type, Shape in, boolean lastLstm) {
		String path = layerPath(index);
		onlyFields(path, layerFields(spec), Vocabulary.LAYER_FIELDS.get(type), article(type) + " " + type + " layer",
				type);
		return switch (type) {
			case DENSE -> dense(index, spec, in);
			case CONV2D -> conv2d(index, spec, in);
			case MAXPOOL2D, AVGPOOL2D -> pooling(index, spec, type, in);
			case DROPOUT -> dropout(index, spec, in);
			case BATCHNORM -> batchnorm(index, in);
			case LSTM -> lstm(index, spec, in, lastLstm);
			case OUTPUT -> output(index, spec, in);
			default -> throw new IllegalStateException(type);
		};
	}

	private Layer dense(int index, LayerSpec spec, Shape in) {
		String path = layerPath(index);
		Integer units = integer(path + ".units", spec.units(), null, 1, SpecDefaults.MAX_UNITS);
		Activation activation = activation(path + ".activation", spec.activation(), SpecDefaults.HIDDEN_ACTIVATION);
		Double dropRate = dropRate(path + ".dropout", spec.dropout(), 0.0);
		WeightInit weightInit = weightInit(path + ".weightInit", spec.weightInit(), null);
		if (!notSequence(index, DENSE, in) || units == null) {
			return null;
		}
		long parameters = in.size() * units + units;
		return new Layer(index, DENSE, Shape.flat(units), parameters, units, null, null, false, activation,
				orZero(dropRate), null, weightInit, false);
	}

	private Layer output(int index, LayerSpec spec, Shape in) {
		String path = layerPath(index);
		Integer units;
		if (spec.units() == null) {
			units = (this.data != null) ? this.data.classes() : null;
			if (units == null) {
				fail(path + ".units", "required when the dataset is unknown");
			}
		}
		else {
			units = integer(path + ".units", spec.units(), null, 1, SpecDefaults.MAX_UNITS);
			if (units != null && this.data != null && units != this.data.classes()) {
				fail(path + ".units",
						"output has " + units + " units but the dataset has " + this.data.classes() + " classes");
			}
		}
		String loss = choice(path + ".loss", spec.loss(), "loss", Vocabulary.LOSSES.keySet(), SpecDefaults.LOSS);
		// with an unknown loss there is no default activation to speak of
		String activationName = (loss == null && spec.activation() == null) ? null
				: choice(path + ".activation", spec.activation(), "activation", Vocabulary.ACTIVATIONS.keySet(),
						(loss != null) ? Vocabulary.DEFAULT_OUTPUT_ACTIVATIONS.get(loss) : null);
		if (loss != null && activationName != null) {
			String needed = Vocabulary.LOSS_ACTIVATIONS.get(loss);
			if (needed != null && !needed.equals(activationName)) {
				fail(path + ".activation",
						"the " + loss + " loss needs a " + needed + " activation; got '" + activationName + "'");
			}
			else if ("softmax".equals(activationName) && units != null && units < 2) {
				fail(path + ".units", "a softmax output needs at least 2 units; got " + units);
			}
		}
		Double dropRate = dropRate(path + ".dropout", spec.dropout(), 0.0);
		WeightInit weightInit = weightInit(path + ".weightInit", spec.weightInit(), null);
		if (!notSequence(index, OUTPUT, in) || units == null || loss == null || activationName == null) {
			return null;
		}
		long parameters = in.size() * units + units;
		return new Layer(index, OUTPUT, Shape.flat(units), parameters, units, null, null, false,
				Vocabulary.ACTIVATIONS.get(activationName), orZero(dropRate), Vocabulary.LOSSES.get(loss), weightInit,
				false);
	}

	private Layer conv2d(int index, LayerSpec spec, Shape in) {
		String path = layerPath(index);
		Integer filters = integer(path + ".filters", spec.filters(), null, 1, SpecDefaults.MAX_UNITS);
		int[] kernel = pair(path + ".kernel", spec.kernel(), null);
		int[] stride = pair(path + ".stride", spec.stride(),
				new int[] { SpecDefaults.CONV_STRIDE, SpecDefaults.CONV_STRIDE });
		String padding = choice(path + ".padding", spec.padding(), "padding", Vocabulary.PADDINGS,
				SpecDefaults.PADDING);
		Activation activation = activation(path + ".activation", spec.activation(), SpecDefaults.HIDDEN_ACTIVATION);
		Double dropRate = dropRate(path + ".dropout", spec.dropout(), 0.0);
		WeightInit weightInit = weightInit(path + ".weightInit", spec.weightInit(), null);
		if (!image(index, CONV2D, in) || filters == null || kernel == null || stride == null || padding == null) {
			return null;
		}
		boolean same = "same".equals(padding);
		int[] out = spatial(path, in, kernel, stride, same);
		if (out == null) {
			return null;
		}
		long parameters = (long) kernel[0] * kernel[1] * in.last() * filters + filters;
		return new Layer(index, CONV2D, new Shape(Kind.IMAGE, List.of(out[0], out[1], filters)), parameters, filters,
				kernel, stride, same, activation, orZero(dropRate), null, weightInit, false);
	}

	private Layer pooling(int index, LayerSpec spec, String type, Shape in) {
		String path = layerPath(index);
		int[] kernel = pair(path + ".kernel", spec.kernel(),
				new int[] { SpecDefaults.POOL_KERNEL, SpecDefaults.POOL_KERNEL });
		int[] stride = pair(path + ".stride", spec.stride(), kernel);
		String padding = choice(path + ".padding", spec.padding(), "padding", Vocabulary.PADDINGS,
				SpecDefaults.PADDING);
		if (!image(index, type, in) || kernel == null || stride == null || padding == null) {
			return null;
		}
		boolean same = "same".equals(padding);
		int[] out = spatial(path, in, kernel, stride, same);
		if (out == null) {
			return null;
		}
		return new Layer(index, type, new Shape(Kind.IMAGE, List.of(out[0], out[1], in.last())), 0, 0, kernel, stride,
				same, null, 0, null, null, false);
	}

	private Layer dropout(int index, LayerSpec spec, Shape in) {
		String path = layerPath(index);
		Double rate = dropRate(path + ".rate", spec.rate(), null);
		if (in == null) {
			return null;
		}
		return new Layer(index, DROPOUT, in, 0, 0, null, null, false, null, orZero(rate), null, null, false);
	}

	private Layer batchnorm(int index, Shape in) {
		if (!notSequence(index, BATCHNORM, in)) {
			return null;
		}
		// DL4J keeps gamma, beta, mean and variance per feature (per channel for images)
		long parameters = 4L * ((in.kind() == Kind.IMAGE) ? in.last() : in.size());
		return new Layer(index, BATCHNORM, in, parameters, 0, null, null, false, null, 0, null, null, false);
	}

	private Layer lstm(int index, LayerSpec spec, Shape in, boolean last) {
		String path = layerPath(index);
		Integer units = integer(path + ".units", spec.units(), null, 1, SpecDefaults.MAX_UNITS);
		Activation activation = activation(path + ".activation", spec.activation(), SpecDefaults.LSTM_ACTIVATION);
		Double dropRate = dropRate(path + ".dropout", spec.dropout(), 0.0);
		WeightInit weightInit = weightInit(path + ".weightInit", spec.weightInit(), null);
		if (in == null) {
			return null;
		}
		if (in.kind() != Kind.SEQUENCE) {
			fail(path + ".type", "lstm needs a sequence: a [timesteps, features] model input with only lstm and"
					+ " dropout layers before it; its input here is " + in);
			return null;
		}
		if (units == null) {
			return null;
		}
		// input weights, recurrent weights and biases of the four gates
		long parameters = 4L * units * (in.last() + units + 1);
		Shape out = last ? Shape.flat(units) : new Shape(Kind.SEQUENCE, List.of(in.dims().get(0), units));
		return new Layer(index, LSTM, out, parameters, units, null, null, false, activation, orZero(dropRate), null,
				weightInit, last);
	}

	/** Output height and width of a convolution or pooling, or null (a violation). */
	private int[] spatial(String path, Shape in, int[] kernel, int[] stride, boolean same) {
		int h = in.dims().get(0);
		int w = in.dims().get(1);
		if (same) {
			return new int[] { ceilDiv(h, stride[0]), ceilDiv(w, stride[1]) };
		}
		if (kernel[0] > h || kernel[1] > w) {
			fail(path + ".kernel", "kernel " + kernel[0] + "x" + kernel[1] + " is larger than its input " + h + "x" + w
					+ " (valid padding); use a smaller kernel or padding 'same'");
			return null;
		}
		return new int[] { (h - kernel[0]) / stride[0] + 1, (w - kernel[1]) / stride[1] + 1 };
	}

	private boolean image(int index, String type, Shape in) {
		if (in == null) {
			return false;
		}
		if (in.kind() != Kind.IMAGE) {
			fail(layerPath(index) + ".type",
					type + " needs an image input [height, width, channels]; its input here is " + in);
			return false;
		}
		return true;
	}

	private boolean notSequence(int index, String type, Shape in) {
		if (in == null) {
			return false;
		}
		if (in.kind() == Kind.SEQUENCE) {
			fail(layerPath(index) + ".type", type + " cannot take " + in + ": only the last lstm layer hands on"
					+ " (its last time step) to other layers; between lstm layers only dropout layers may come");
			return false;
		}
		return true;
	}

	private Optimizer checkOptimizer(OptimizerSpec spec) {
		String path = "$.training.optimizer";
		if (spec == null) {
			spec = new OptimizerSpec(null, null, null, null, null, null, null);
		}
		String type = choice(path + ".type", spec.type(), "optimizer", Vocabulary.OPTIMIZERS, SpecDefaults.OPTIMIZER);
		Map<String, Object> fields = new LinkedHashMap<>();
		fields.put("momentum", spec.momentum());
		fields.put("beta1", spec.beta1());
		fields.put("beta2", spec.beta2());
		fields.put("epsilon", spec.epsilon());
		fields.put("decay", spec.decay());
		if (type != null) {
			onlyFields(path, fields, Vocabulary.OPTIMIZER_FIELDS.get(type), "the " + type + " optimizer", null);
		}
		boolean adaptive = type == null || Vocabulary.ADAM.equals(type) || Vocabulary.RMSPROP.equals(type);
		Double learningRate = number(path + ".learningRate", spec.learningRate(),
				adaptive ? SpecDefaults.ADAPTIVE_LEARNING_RATE : SpecDefaults.PLAIN_LEARNING_RATE, 0, false,
				SpecDefaults.MAX_LEARNING_RATE, true);
		if (type == null) {
			return null;
		}
		Double momentum = Vocabulary.MOMENTUM.equals(type)
				? number(path + ".momentum", spec.momentum(), SpecDefaults.MOMENTUM, 0, true, 1, false) : NONE;
		boolean adam = Vocabulary.ADAM.equals(type);
		Double beta1 = adam ? number(path + ".beta1", spec.beta1(), SpecDefaults.BETA1, 0, true, 1, false) : NONE;
		Double beta2 = adam ? number(path + ".beta2", spec.beta2(), SpecDefaults.BETA2, 0, true, 1, false) : NONE;
		Double epsilon = Vocabulary.OPTIMIZER_FIELDS.get(type).contains("epsilon") ? number(path + ".epsilon",
				spec.epsilon(), Vocabulary.ADAGRAD.equals(type) ? SpecDefaults.ADAGRAD_EPSILON : SpecDefaults.EPSILON,
				0, false, 1, true) : NONE;
		Double decay = Vocabulary.RMSPROP.equals(type)
				? number(path + ".decay", spec.decay(), SpecDefaults.RMSPROP_DECAY, 0, true, 1, false) : NONE;
		if (learningRate == null || momentum == null || beta1 == null || beta2 == null || epsilon == null
				|| decay == null) {
			return null;
		}
		return new Optimizer(type, learningRate, momentum, beta1, beta2, epsilon, decay);
	}

	private Schedule checkSchedule(ScheduleSpec spec, Double learningRate, Integer epochs, Integer batchSize) {
		String path = "$.training.schedule";
		if (spec == null) {
			spec = new ScheduleSpec(null, null, null, null, null, null, null);
		}
		String type = choice(path + ".type", spec.type(), "schedule", Vocabulary.SCHEDULES, SpecDefaults.SCHEDULE);
		if (type == null) {
			return null;
		}
		Map<String, Object> fields = new LinkedHashMap<>();
		fields.put("floor", spec.floor());
		fields.put("decaySteps", spec.decaySteps());
		fields.put("factor", spec.factor());
		fields.put("every", spec.every());
		fields.put("power", spec.power());
		fields.put("unit", spec.unit());
		Set<String> applicable = Vocabulary.SCHEDULE_FIELDS.get(type);
		onlyFields(path, fields, applicable, article(type) + " " + type + " schedule", null);
		int before = this.violations.size();
		String unit = applicable.contains("unit") ? choice(path + ".unit", spec.unit(), "schedule unit",
				Vocabulary.SCHEDULE_UNITS, SpecDefaults.SCHEDULE_UNIT) : SpecDefaults.SCHEDULE_UNIT;
		Double floor = 0.0;
		if (applicable.contains("floor")) {
			floor = number(path + ".floor", spec.floor(), SpecDefaults.SCHEDULE_FLOOR, 0, true, INFINITY, false);
			if (floor != null && learningRate != null && floor >= learningRate) {
				fail(path + ".floor",
						"must be less than the learning rate " + format(learningRate) + "; got " + format(floor));
			}
		}
		Double decaySteps = Vocabulary.EXPONENTIAL.equals(type)
				? number(path + ".decaySteps", spec.decaySteps(), null, 0, false, INFINITY, false) : NONE;
		Double factor = Vocabulary.STEP.equals(type) ? number(path + ".factor", spec.factor(), null, 0, false, 1, false)
				: NONE;
		Integer every = Vocabulary.STEP.equals(type)
				? integer(path + ".every", spec.every(), null, 1, Integer.MAX_VALUE) : Integer.valueOf(0);
		Double power = Vocabulary.POLYNOMIAL.equals(type) ? number(path + ".power", spec.power(),
				SpecDefaults.SCHEDULE_POWER, 0, false, SpecDefaults.MAX_POWER, true) : NONE;
		if (this.violations.size() != before || epochs == null || batchSize == null) {
			return null;
		}
		boolean perEpoch = "epoch".equals(unit);
		long totalSteps = epochs;
		if (!perEpoch) {
			long perEpochIterations = (this.data != null) ? Math.max(1, ceilDiv(this.data.trainingRows(), batchSize))
					: SpecDefaults.PLACEHOLDER_ITERATIONS_PER_EPOCH;
			totalSteps = epochs * perEpochIterations;
		}
		return new Schedule(type, perEpoch, floor, decaySteps, factor, every, power, totalSteps);
	}

	private static Map<String, Object> layerFields(LayerSpec spec) {
		Map<String, Object> fields = new LinkedHashMap<>();
		fields.put("units", spec.units());
		fields.put("filters", spec.filters());
		fields.put("kernel", spec.kernel());
		fields.put("stride", spec.stride());
		fields.put("padding", spec.padding());
		fields.put("activation", spec.activation());
		fields.put("rate", spec.rate());
		fields.put("dropout", spec.dropout());
		fields.put("loss", spec.loss());
		fields.put("weightInit", spec.weightInit());
		return fields;
	}

	/** Reports each given field that the owner does not take. */
	private void onlyFields(String path, Map<String, Object> fields, Set<String> applicable, String owner,
			String layerType) {
		fields.forEach((name, value) -> {
			if (value != null && !applicable.contains(name)) {
				String hint = "";
				if ("rate".equals(name) && applicable.contains("dropout")) {
					hint = " (the drop probability of its input is 'dropout')";
				}
				else if ("dropout".equals(name) && DROPOUT.equals(layerType)) {
					hint = " (its drop probability is 'rate')";
				}
				fail(path + "." + name, "'" + name + "' does not apply to " + owner + hint);
			}
		});
	}

	private Activation activation(String path, String value, String defaultValue) {
		String name = choice(path, value, "activation", Vocabulary.ACTIVATIONS.keySet(), defaultValue);
		return (name != null) ? Vocabulary.ACTIVATIONS.get(name) : null;
	}

	/** The named weight init, the default when absent (null: inherit the model's). */
	private WeightInit weightInit(String path, String value, String defaultValue) {
		if (value == null && defaultValue == null) {
			return null;
		}
		String name = choice(path, value, "weight init", Vocabulary.WEIGHT_INITS.keySet(), defaultValue);
		return (name != null) ? Vocabulary.WEIGHT_INITS.get(name) : null;
	}

	private Double dropRate(String path, Double value, Double defaultValue) {
		return number(path, value, defaultValue, 0, true, 1, false);
	}

	/** One of the allowed words (case-insensitive), the default when absent, or null. */
	private String choice(String path, String value, String what, Collection<String> allowed, String defaultValue) {
		if (value == null) {
			if (defaultValue == null) {
				fail(path, "required; expected one of " + String.join(", ", allowed));
			}
			return defaultValue;
		}
		for (String word : allowed) {
			if (word.equalsIgnoreCase(value.trim())) {
				return word;
			}
		}
		fail(path, "unknown " + what + " '" + value + "'; expected one of " + String.join(", ", allowed));
		return null;
	}

	private Integer integer(String path, Integer value, Integer defaultValue, int min, int max) {
		if (value == null) {
			if (defaultValue == null) {
				fail(path, "required");
			}
			return defaultValue;
		}
		if (value < min || value > max) {
			fail(path,
					((max == Integer.MAX_VALUE) ? "must be at least " + min : "must be between " + min + " and " + max)
							+ "; got " + value);
			return null;
		}
		return value;
	}

	/** A finite number in the given range, the default when absent, or null. */
	private Double number(String path, Double value, Double defaultValue, double min, boolean minInclusive, double max,
			boolean maxInclusive) {
		if (value == null) {
			if (defaultValue == null) {
				fail(path, "required");
			}
			return defaultValue;
		}
		boolean aboveMin = minInclusive ? value >= min : value > min;
		boolean belowMax = maxInclusive ? value <= max : value < max;
		if (!Double.isFinite(value) || !aboveMin || !belowMax) {
			String range = (minInclusive ? "at least " : "greater than ") + format(min);
			if (Double.isFinite(max)) {
				range += (maxInclusive ? " and at most " : " and less than ") + format(max);
			}
			fail(path, "must be a finite number " + range + "; got " + format(value));
			return null;
		}
		return value;
	}

	/** {@code [h, w]} from one or two integers in [1, MAX_KERNEL], or null. */
	private int[] pair(String path, List<Integer> value, int[] defaultValue) {
		if (value == null) {
			if (defaultValue == null) {
				fail(path, "required: one integer or [height, width]");
			}
			return defaultValue;
		}
		boolean valid = !value.isEmpty() && value.size() <= 2;
		for (Integer v : value) {
			valid &= v != null && v >= 1 && v <= SpecDefaults.MAX_KERNEL;
		}
		if (!valid) {
			fail(path, "must be one integer or [height, width], each between 1 and " + SpecDefaults.MAX_KERNEL
					+ "; got " + value);
			return null;
		}
		return new int[] { value.get(0), value.get(value.size() - 1) };
	}

	private void fail(String path, String message) {
		this.violations.add(new SpecViolation(path, message));
	}

	private static String layerPath(int index) {
		return "$.model.layers[" + index + "]";
	}

	private static String article(String word) {
		return ("aeiou".indexOf(word.charAt(0)) >= 0 || word.startsWith("lstm")) ? "an" : "a";
	}

	private static double orZero(Double value) {
		return (value != null) ? value : 0;
	}

	private static int ceilDiv(int a, int b) {
		return (a + b - 1) / b;
	}

	static String format(double value) {
		if (!Double.isFinite(value)) {
			return String.valueOf(value);
		}
		return BigDecimal.valueOf(value).stripTrailingZeros().toPlainString();
	}

}
