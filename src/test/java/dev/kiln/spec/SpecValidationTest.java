package dev.kiln.spec;

import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.tuple;

class SpecValidationTest {

	private static final String MLP_LAYERS = "{\"type\": \"dense\", \"units\": 16}, {\"type\": \"output\"}";

	@Test
	void validSpecsHaveNoViolations() {
		assertThat(violations(Specs.MLP_IRIS, Specs.IRIS)).isEmpty();
		assertThat(violations(Specs.CLASSIC_CNN, Specs.MNIST)).isEmpty();
	}

	@Test
	void compileThrowsEveryViolation() {
		JobSpec spec = Specs.parse(Specs.model("4", "{\"type\": \"foo\"}, {\"type\": \"output\", \"units\": 2}"));

		assertThatExceptionOfType(InvalidSpecException.class).isThrownBy(() -> Specs.COMPILER.compile(spec, Specs.IRIS))
			.satisfies((e) -> assertThat(e.violations()).extracting(SpecViolation::path)
				.containsExactly("$.model.layers[0].type", "$.model.layers[1].units"));
	}

	@Test
	void missingModel() {
		assertThat(violations("{\"name\": \"x\"}", null)).containsExactly(new SpecViolation("$.model", "required"));
	}

	@Test
	void missingInputAndLayers() {
		assertThat(violations("{\"model\": {}}", null)).extracting(SpecViolation::path)
			.containsExactly("$.model.input", "$.model.layers");
	}

	@Test
	void emptyLayers() {
		assertThat(violations(Specs.model("4", ""), Specs.IRIS)).containsExactly(
				new SpecViolation("$.model.layers", "must hold at least one layer (the last one an output layer)"));
	}

	@Test
	void unknownLayerType() {
		assertThat(
				violations(Specs.model("4", "{\"type\": \"foo\", \"units\": 3}, {\"type\": \"output\"}"), Specs.IRIS))
			.containsExactly(new SpecViolation("$.model.layers[0].type", "unknown layer type 'foo'; expected one of"
					+ " dense, conv2d, maxpool2d, avgpool2d, dropout, batchnorm, lstm, output"));
	}

	@Test
	void outputMustBeLastAndOnlyLast() {
		assertThat(
				violations(Specs.model("4", "{\"type\": \"output\"}, {\"type\": \"dense\", \"units\": 3}"), Specs.IRIS))
			.containsExactly(new SpecViolation("$.model.layers[0].type", "only the last layer may be an output layer"),
					new SpecViolation("$.model.layers[1].type", "the last layer must be an output layer, not dense"));
	}

	@Test
	void nonPositiveOrHugeLearningRate() {
		assertThat(violations(withTraining("{\"optimizer\": {\"learningRate\": -0.01}}"), Specs.IRIS))
			.containsExactly(new SpecViolation("$.training.optimizer.learningRate",
					"must be a finite number greater than 0 and at most 10; got -0.01"));
		assertThat(violations(withTraining("{\"optimizer\": {\"type\": \"sgd\", \"learningRate\": 0}}"), Specs.IRIS))
			.extracting(SpecViolation::path)
			.containsExactly("$.training.optimizer.learningRate");
		assertThat(violations(withTraining("{\"optimizer\": {\"learningRate\": 11}}"), Specs.IRIS))
			.extracting(SpecViolation::path)
			.containsExactly("$.training.optimizer.learningRate");
	}

	@Test
	void nanLearningRate() {
		JobSpec spec = Specs.parse(withTraining("{}"));
		JobSpec nan = new JobSpec(
				null, null, null, null, spec.model(), new TrainingSpec(null, null, null,
						new OptimizerSpec("adam", Double.NaN, null, null, null, null, null), null, null),
				null, null, null, null);
		assertThat(Specs.COMPILER.validate(nan, Specs.IRIS)).containsExactly(new SpecViolation(
				"$.training.optimizer.learningRate", "must be a finite number greater than 0 and at most 10; got NaN"));
	}

	@Test
	void kernelLargerThanItsInput() {
		String json = Specs.model("8, 8, 1", """
				{"type": "conv2d", "filters": 4, "kernel": 3, "stride": 2},
				{"type": "conv2d", "filters": 4, "kernel": [5, 2]},
				{"type": "output", "units": 10}""");
		assertThat(violations(json, new DataShape(List.of(64), 10, 100)))
			.containsExactly(new SpecViolation("$.model.layers[1].kernel",
					"kernel 5x2 is larger than its input 3x3 (valid padding); use a smaller kernel or padding 'same'"));
	}

	@Test
	void poolKernelLargerThanItsInput() {
		String json = Specs.model("8, 8, 1", """
				{"type": "maxpool2d", "kernel": 4}, {"type": "avgpool2d", "kernel": 3}, {"type": "output"}""");
		assertThat(violations(json, Specs.MNIST)).extracting(SpecViolation::path, SpecViolation::message)
			.containsExactly(
					tuple("$.model.input",
							"input [8, 8, 1] has 64 features but the dataset has 784 (shape [28, 28, 1])"),
					tuple("$.model.layers[1].kernel",
							"kernel 3x3 is larger than its input 2x2 (valid padding); use a smaller kernel or padding 'same'"));
	}

	@Test
	void outputUnitsDifferFromTheClasses() {
		assertThat(violations(Specs.model("4", "{\"type\": \"output\", \"units\": 4}"), Specs.IRIS)).containsExactly(
				new SpecViolation("$.model.layers[0].units", "output has 4 units but the dataset has 3 classes"));
	}

	@Test
	void outputUnitsAreNeededWithoutADataset() {
		assertThat(violations(Specs.MLP_IRIS, null))
			.containsExactly(new SpecViolation("$.model.layers[1].units", "required when the dataset is unknown"));
	}

	@Test
	void badFractions() {
		assertThat(violations("{\"split\": {\"validation\": 1.0, \"test\": -0.1}, " + Specs.MLP_IRIS.substring(1),
				Specs.IRIS))
			.containsExactly(
					new SpecViolation("$.split.validation",
							"must be a finite number at least 0 and less than 1; got 1"),
					new SpecViolation("$.split.test", "must be a finite number at least 0 and less than 1; got -0.1"));
		assertThat(violations("{\"split\": {\"validation\": 0.5, \"test\": 0.5}, " + Specs.MLP_IRIS.substring(1),
				Specs.IRIS))
			.containsExactly(new SpecViolation("$.split.test",
					"validation (0.5) + test (0.5) must be less than 1, leaving rows to train on"));
		assertThat(violations("{\"split\": {\"validation\": 0.9}, " + Specs.MLP_IRIS.substring(1), Specs.IRIS))
			.extracting(SpecViolation::path)
			.containsExactly("$.split.validation");
	}

	@Test
	void unknownActivationLossAndWeightInit() {
		String json = Specs.model("4", """
				{"type": "dense", "units": 5, "activation": "swish", "weightInit": "he"},
				{"type": "output", "loss": "hinge"}""");
		assertThat(violations(json, Specs.IRIS)).containsExactly(new SpecViolation("$.model.layers[0].activation",
				"unknown activation 'swish'; expected one of sigmoid, tanh, relu, leakyrelu, elu, softmax, identity"),
				new SpecViolation("$.model.layers[0].weightInit",
						"unknown weight init 'he'; expected one of xavier, xavier-uniform, relu, relu-uniform,"
								+ " lecun-normal, lecun-uniform, normal, uniform"),
				new SpecViolation("$.model.layers[1].loss",
						"unknown loss 'hinge'; expected one of cross-entropy, mse, binary-cross-entropy"));
	}

	@Test
	void lossNeedsItsActivation() {
		assertThat(violations(Specs.model("4", "{\"type\": \"output\", \"activation\": \"sigmoid\"}"), Specs.IRIS))
			.containsExactly(new SpecViolation("$.model.layers[0].activation",
					"the cross-entropy loss needs a softmax activation; got 'sigmoid'"));
	}

	@Test
	void fieldsThatDoNotApplyToTheLayerType() {
		String json = Specs.model("4", """
				{"type": "dense", "units": 5, "filters": 3, "rate": 0.5},
				{"type": "dropout", "rate": 0.5, "dropout": 0.5},
				{"type": "maxpool2d", "activation": "relu"},
				{"type": "output", "kernel": [3, 3]}""");
		assertThat(violations(json, Specs.IRIS)).containsExactly(
				new SpecViolation("$.model.layers[0].filters", "'filters' does not apply to a dense layer"),
				new SpecViolation("$.model.layers[0].rate",
						"'rate' does not apply to a dense layer (the drop probability of its input is 'dropout')"),
				new SpecViolation("$.model.layers[1].dropout",
						"'dropout' does not apply to a dropout layer (its drop probability is 'rate')"),
				new SpecViolation("$.model.layers[2].activation", "'activation' does not apply to a maxpool2d layer"),
				new SpecViolation("$.model.layers[2].type",
						"maxpool2d needs an image input [height, width, channels]; its input here is [5]"),
				new SpecViolation("$.model.layers[3].kernel", "'kernel' does not apply to an output layer"));
	}

	@Test
	void convolutionNeedsAnImage() {
		String json = Specs.model("8, 8, 1", """
				{"type": "dense", "units": 5}, {"type": "conv2d", "filters": 3, "kernel": 2},
				{"type": "output", "units": 2}""");
		assertThat(violations(json, null)).containsExactly(new SpecViolation("$.model.layers[1].type",
				"conv2d needs an image input [height, width, channels]; its input here is [5]"));
	}

	@Test
	void requiredLayerFields() {
		String json = Specs.model("8, 8, 1", """
				{"type": "conv2d"}, {"type": "dense"}, {"type": "dropout"}, {}, {"type": "output", "units": 2}""");
		assertThat(violations(json, null)).containsExactly(
				new SpecViolation("$.model.layers[3].type",
						"required; expected one of dense, conv2d, maxpool2d,"
								+ " avgpool2d, dropout, batchnorm, lstm, output"),
				new SpecViolation("$.model.layers[0].filters", "required"),
				new SpecViolation("$.model.layers[0].kernel", "required: one integer or [height, width]"),
				new SpecViolation("$.model.layers[1].units", "required"),
				new SpecViolation("$.model.layers[2].rate", "required"));
	}

	@Test
	void layerNumbersOutOfRange() {
		String json = Specs.model("8, 8, 1", """
				{"type": "conv2d", "filters": 0, "kernel": [3, 3, 3], "stride": 0, "padding": "full"},
				{"type": "dense", "units": 70000, "dropout": 1.0},
				{"type": "dropout", "rate": -0.5},
				{"type": "output", "units": 2}""");
		assertThat(violations(json, null)).containsExactly(
				new SpecViolation("$.model.layers[0].filters", "must be between 1 and 65536; got 0"),
				new SpecViolation("$.model.layers[0].kernel",
						"must be one integer or [height, width], each between 1 and 256; got [3, 3, 3]"),
				new SpecViolation("$.model.layers[0].stride",
						"must be one integer or [height, width], each between 1 and 256; got [0]"),
				new SpecViolation("$.model.layers[0].padding", "unknown padding 'full'; expected one of valid, same"),
				new SpecViolation("$.model.layers[1].units", "must be between 1 and 65536; got 70000"),
				new SpecViolation("$.model.layers[1].dropout",
						"must be a finite number at least 0 and less than 1; got 1"),
				new SpecViolation("$.model.layers[2].rate",
						"must be a finite number at least 0 and less than 1; got -0.5"));
	}

	@Test
	void inputMustMatchTheDatasetAndBePositive() {
		assertThat(violations(Specs.model("5", MLP_LAYERS), Specs.IRIS)).containsExactly(
				new SpecViolation("$.model.input", "input [5] has 5 features but the dataset has 4 (shape [4])"));
		assertThat(violations(Specs.model("2, 0, 1", MLP_LAYERS), Specs.IRIS))
			.containsExactly(new SpecViolation("$.model.input[1]", "must be a positive integer; got 0"));
		assertThat(violations(Specs.model("1, 2, 3, 4", MLP_LAYERS), null)).extracting(SpecViolation::path)
			.containsExactly("$.model.input", "$.model.layers[1].units");
	}

	@Test
	void trainingNumbersOutOfRange() {
		String json = withTraining("""
				{"epochs": 0, "batchSize": 100000, "l2": -1,
				 "optimizer": {"type": "momentum", "momentum": 1.5, "beta1": 0.9}}""");
		assertThat(violations(json, Specs.IRIS)).containsExactly(
				new SpecViolation("$.training.epochs", "must be between 1 and 100000; got 0"),
				new SpecViolation("$.training.batchSize", "must be between 1 and 65536; got 100000"),
				new SpecViolation("$.training.l2", "must be a finite number at least 0; got -1"),
				new SpecViolation("$.training.optimizer.beta1", "'beta1' does not apply to the momentum optimizer"),
				new SpecViolation("$.training.optimizer.momentum",
						"must be a finite number at least 0 and less than 1; got 1.5"));
	}

	@Test
	void unknownOptimizerScheduleNormalizationAndMetric() {
		String json = """
				{"normalization": "zscore", "checkpoints": {"every": 0, "keepLast": -1, "metric": "f1"},
				 "model": {"input": [4], "layers": [{"type": "output"}]},
				 "training": {"optimizer": {"type": "lbfgs"}, "schedule": {"type": "linear", "unit": "batch"}}}""";
		assertThat(violations(json, Specs.IRIS)).extracting(SpecViolation::path)
			.containsExactly("$.normalization", "$.training.optimizer.type", "$.training.schedule.type",
					"$.checkpoints.every", "$.checkpoints.keepLast", "$.checkpoints.metric");
		assertThat(violations(json, Specs.IRIS).get(2).message())
			.isEqualTo("unknown schedule 'linear'; expected one of fixed, exponential, step, cosine, polynomial");
	}

	@Test
	void unknownDeviceIsNamedWithTheChoices() {
		String json = """
				{"device": "tpu", "model": {"input": [4], "layers": [{"type": "output"}]}}""";
		assertThat(violations(json, Specs.IRIS))
			.containsExactly(new SpecViolation("$.device", "unknown device 'tpu'; expected one of gpu, cpu, any"));
	}

	@Test
	void deviceDefaultsToAnyAndIgnoresCase() {
		assertThat(Specs.compile(Specs.MLP_IRIS, Specs.IRIS).settings().device()).isEqualTo("any");
		assertThat(Specs
			.compile("{\"device\": \" Cpu \", \"model\": {\"input\": [4], \"layers\": [{\"type\": \"output\"}]}}",
					Specs.IRIS)
			.settings()
			.device()).isEqualTo("cpu");
	}

	@Test
	void scheduleFields() {
		assertThat(violations(withTraining("""
				{"optimizer": {"learningRate": 0.003},
				 "schedule": {"type": "exponential", "floor": 0.003, "factor": 0.5, "unit": "batch"}}"""), Specs.IRIS))
			.containsExactly(
					new SpecViolation("$.training.schedule.factor",
							"'factor' does not apply to an exponential schedule"),
					new SpecViolation("$.training.schedule.unit",
							"unknown schedule unit 'batch'; expected one of iteration, epoch"),
					new SpecViolation("$.training.schedule.floor",
							"must be less than the learning rate 0.003; got 0.003"),
					new SpecViolation("$.training.schedule.decaySteps", "required"));
		assertThat(violations(withTraining("{\"schedule\": {\"type\": \"step\", \"factor\": 1.5, \"every\": 0}}"),
				Specs.IRIS))
			.containsExactly(
					new SpecViolation("$.training.schedule.factor",
							"must be a finite number greater than 0 and less than 1; got 1.5"),
					new SpecViolation("$.training.schedule.every", "must be at least 1; got 0"));
		assertThat(violations(withTraining("{\"schedule\": {\"type\": \"polynomial\", \"power\": 0}}"), Specs.IRIS))
			.extracting(SpecViolation::path)
			.containsExactly("$.training.schedule.power");
	}

	@Test
	void sequenceInputNeedsAnLstmFirst() {
		assertThat(violations(Specs.model("10, 3", MLP_LAYERS), new DataShape(List.of(30), 3, 10)))
			.containsExactly(new SpecViolation("$.model.input", "a [timesteps, features] input is for recurrent"
					+ " models: the first layer (after any dropout layers) must be lstm, not dense"));
	}

	@Test
	void lstmNeedsASequenceAndOnlyTheLastOneFeedsOtherLayers() {
		assertThat(violations(Specs.model("30", "{\"type\": \"lstm\", \"units\": 4}, {\"type\": \"output\"}"),
				new DataShape(List.of(30), 3, 10)))
			.containsExactly(new SpecViolation("$.model.layers[0].type", "lstm needs a sequence: a [timesteps,"
					+ " features] model input with only lstm and dropout layers before it; its input here is [30]"));
		assertThat(violations(Specs.model("10, 3", """
				{"type": "lstm", "units": 4}, {"type": "dense", "units": 4}, {"type": "lstm", "units": 4},
				{"type": "output"}"""), new DataShape(List.of(30), 3, 10))).containsExactly(new SpecViolation(
				"$.model.layers[1].type",
				"dense cannot take a sequence [10, 4]: only"
						+ " the last lstm layer hands on (its last time step) to other layers; between lstm layers only"
						+ " dropout layers may come"));
	}

	@Test
	void tooManyParameters() {
		assertThat(violations(Specs.model("10000", """
				{"type": "dense", "units": 20000}, {"type": "output", "units": 2}"""), null)).containsExactly(
				new SpecViolation("$.model", "the model has 200,060,002 parameters; at most 100,000,000 are allowed"));
	}

	@Test
	void severalViolationsInOneSpecAreAllReported() {
		String json = """
				{"split": {"test": 1.5},
				 "model": {"input": [28, 28, 1], "layers": [
				   {"type": "conv2d", "filters": 6, "kernel": 40},
				   {"type": "pool"},
				   {"type": "dense", "units": 100, "activation": "gelu"},
				   {"type": "output", "units": 12}]},
				 "training": {"epochs": 200000, "optimizer": {"learningRate": -1}}}""";
		assertThat(violations(json, Specs.MNIST)).extracting(SpecViolation::path)
			.containsExactly("$.split.test", "$.model.layers[1].type", "$.model.layers[0].kernel",
					"$.model.layers[2].activation", "$.model.layers[3].units", "$.training.epochs",
					"$.training.optimizer.learningRate");
	}

	private static List<SpecViolation> violations(String json, DataShape data) {
		return Specs.COMPILER.validate(Specs.parse(json), data);
	}

	private static String withTraining(String training) {
		return "{\"model\": {\"input\": [4], \"layers\": [{\"type\": \"output\"}]}, \"training\": " + training + "}";
	}

}
