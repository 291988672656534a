package dev.kiln.spec;

import java.util.List;
import java.util.Random;

import org.deeplearning4j.nn.conf.CacheMode;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.DropoutLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.dropout.Dropout;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInitRelu;
import org.deeplearning4j.nn.weights.WeightInitXavier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.linalg.activations.impl.ActivationSigmoid;
import org.nd4j.linalg.activations.impl.ActivationSoftmax;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.AdaGrad;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.Nesterovs;
import org.nd4j.linalg.learning.config.RmsProp;
import org.nd4j.linalg.learning.config.Sgd;
import org.nd4j.linalg.lossfunctions.impl.LossBinaryXENT;
import org.nd4j.linalg.lossfunctions.impl.LossMCXENT;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class SpecCompilerTest {

	@Test
	void classicCnnLayerTableAndParametersMatchDl4j() {
		CompiledSpec compiled = Specs.compile(Specs.CLASSIC_CNN, Specs.MNIST);

		assertThat(compiled.layers()).extracting(LayerSummary::outputShape)
			.containsExactly(List.of(28, 28, 6), List.of(14, 14, 12), List.of(7, 7, 24), List.of(200), List.of(10));
		assertThat(compiled.layers()).extracting(LayerSummary::type)
			.containsExactly("conv2d", "conv2d", "conv2d", "dense", "output");
		assertThat(compiled.layers()).extracting(LayerSummary::parameters)
			.containsExactly(6L * 36 + 6, 12L * 25 * 6 + 12, 24L * 16 * 12 + 24, 1176L * 200 + 200, 2010L);
		assertThat(compiled.parameters()).isEqualTo(244_076).isEqualTo(dl4jParameters(compiled.configuration()));
	}

	@Test
	void settingsAreTheCompiledSpecsWithoutBuildingTheNetwork() {
		String json = """
				{"split": {"validation": 0.2, "test": 0.1, "seed": 5}, "normalization": "minmax",
				 "model": {"input": [4], "layers": [{"type": "dense", "units": 3}, {"type": "output", "units": 2}]},
				 "training": {"epochs": 7, "batchSize": 8}}
				""";
		DataShape data = new DataShape(List.of(4), 2, 100);
		CompiledSpec.Settings settings = new SpecCompiler().settings(Specs.parse(json), data);
		assertThat(settings).isEqualTo(Specs.compile(json, data).settings());
		assertThat(settings.validationFraction()).isEqualTo(0.2);
		assertThat(settings.splitSeed()).isEqualTo(5);
		assertThat(settings.epochs()).isEqualTo(7);
		assertThatExceptionOfType(InvalidSpecException.class).isThrownBy(
				() -> new SpecCompiler().settings(Specs.parse(json.replace("\"epochs\": 7", "\"epochs\": 0")), data))
			.satisfies(
					(ex) -> assertThat(ex.violations()).extracting(SpecViolation::path).contains("$.training.epochs"));
	}

	@Test
	void convolutionNetworksCacheTheirForwardPassDenseOnesDoNot() {
		assertThat(Specs.compile(Specs.CLASSIC_CNN, Specs.MNIST).configuration().getCacheMode())
			.isEqualTo(CacheMode.DEVICE);
		assertThat(Specs.compile(Specs.MLP_5, Specs.MNIST).configuration().getCacheMode()).isEqualTo(CacheMode.NONE);
	}

	@Test
	void cachingTheForwardPassTrainsBitIdenticallyToRecomputingIt() {
		// no dropout: its masks are drawn afresh per network, which is not what is
		// compared
		CompiledSpec compiled = Specs.compile("""
				{"model": {"input": [8, 8, 1], "layers": [
				  {"type": "conv2d", "filters": 4, "kernel": 3, "padding": "same"},
				  {"type": "conv2d", "filters": 6, "kernel": 3, "stride": 2, "padding": "same"},
				  {"type": "dense", "units": 12}, {"type": "output", "units": 3}]},
				 "training": {"seed": 5}}
				""", new DataShape(List.of(8, 8, 1), 3, 40));
		MultiLayerConfiguration uncached = compiled.configuration().clone();
		uncached.setCacheMode(CacheMode.NONE);
		uncached.getConfs().forEach(conf -> conf.setCacheMode(CacheMode.NONE));
		MultiLayerNetwork cached = new MultiLayerNetwork(compiled.configuration().clone());
		cached.init();
		MultiLayerNetwork recomputing = new MultiLayerNetwork(uncached);
		recomputing.init();
		Random random = new Random(3);
		for (int step = 0; step < 5; step++) {
			DataSet batch = Specs.randomBatch(random, 20, 64, 3, 0);
			cached.fit(batch);
			recomputing.fit(batch);
		}
		assertThat(cached.params().sub(recomputing.params()).amaxNumber().doubleValue()).isZero();
		assertThat(cached.params()).isEqualTo(recomputing.params());
		assertThat(cached.score()).isEqualTo(recomputing.score());
	}

	@Test
	void mlpParametersMatchDl4j() {
		CompiledSpec mlp = Specs.compile(Specs.MLP_5, new DataShape(List.of(28, 28, 1), 10, 60_000));
		assertThat(mlp.parameters()).isEqualTo(185_300).isEqualTo(dl4jParameters(mlp.configuration()));
		assertThat(mlp.layers()).extracting(LayerSummary::outputShape)
			.containsExactly(List.of(200), List.of(100), List.of(60), List.of(30), List.of(10));

		CompiledSpec iris = Specs.compile(Specs.MLP_IRIS, Specs.IRIS);
		assertThat(iris.parameters()).isEqualTo(131).isEqualTo(dl4jParameters(iris.configuration()));
		assertThat(iris.layers().get(1).outputShape()).containsExactly(3);
	}

	@ParameterizedTest
	@ValueSource(strings = { """
			{"model": {"input": [8, 8, 1], "layers": [
			  {"type": "batchnorm"}, {"type": "conv2d", "filters": 4, "kernel": [3, 2]},
			  {"type": "maxpool2d"}, {"type": "batchnorm"}, {"type": "dropout", "rate": 0.5},
			  {"type": "avgpool2d", "kernel": 2, "stride": 1, "padding": "same"},
			  {"type": "dense", "units": 7}, {"type": "batchnorm"}, {"type": "output", "units": 3}]}}
			""", """
			{"model": {"input": [12, 10, 3], "layers": [
			  {"type": "dropout", "rate": 0.1},
			  {"type": "conv2d", "filters": 5, "kernel": 5, "stride": [2, 3]},
			  {"type": "conv2d", "filters": 2, "kernel": 3, "stride": 2, "padding": "same"},
			  {"type": "output", "units": 3, "loss": "mse"}]}}
			""", """
			{"model": {"input": [10, 3], "layers": [
			  {"type": "dropout", "rate": 0.2}, {"type": "lstm", "units": 8}, {"type": "dropout", "rate": 0.2},
			  {"type": "lstm", "units": 5, "dropout": 0.1}, {"type": "dense", "units": 4},
			  {"type": "output", "units": 3}]}}
			""", """
			{"model": {"input": [64], "layers": [{"type": "output", "units": 3,
			  "loss": "binary-cross-entropy"}]}}
			""" })
	void parametersMatchDl4jForEveryLayerType(String json) {
		CompiledSpec compiled = Specs.compile(json, null);

		assertThat(compiled.parameters()).isPositive().isEqualTo(dl4jParameters(compiled.configuration()));
		assertThat(compiled.estimatedMemoryBytes()).isGreaterThan(compiled.parameters() * 4);
	}

	@Test
	void shapesOfPoolingBatchnormAndRecurrentLayers() {
		CompiledSpec cnn = Specs.compile("""
				{"model": {"input": [8, 8, 1], "layers": [
				  {"type": "batchnorm"}, {"type": "conv2d", "filters": 4, "kernel": [3, 2]},
				  {"type": "maxpool2d"}, {"type": "dropout", "rate": 0.5},
				  {"type": "avgpool2d", "kernel": 2, "stride": 1, "padding": "same"},
				  {"type": "dense", "units": 7}, {"type": "output", "units": 3}]}}
				""", null);
		assertThat(cnn.layers()).extracting(LayerSummary::outputShape)
			.containsExactly(List.of(8, 8, 1), List.of(6, 7, 4), List.of(3, 3, 4), List.of(3, 3, 4), List.of(3, 3, 4),
					List.of(7), List.of(3));
		assertThat(cnn.layers()).extracting(LayerSummary::parameters)
			.containsExactly(4L, 3L * 2 * 4 + 4, 0L, 0L, 0L, 36L * 7 + 7, 24L);

		CompiledSpec rnn = Specs.compile("""
				{"model": {"input": [10, 3], "layers": [
				  {"type": "lstm", "units": 8}, {"type": "lstm", "units": 5}, {"type": "output", "units": 2}]}}
				""", new DataShape(List.of(30), 2, 100));
		assertThat(rnn.layers()).extracting(LayerSummary::outputShape)
			.containsExactly(List.of(10, 8), List.of(5), List.of(2));
		assertThat(rnn.layers()).extracting(LayerSummary::parameters)
			.containsExactly(4L * 8 * (3 + 8 + 1), 4L * 5 * (8 + 5 + 1), 12L);
	}

	@Test
	void outputUnitsComeFromTheDatasetAndActivationFromTheLoss() {
		CompiledSpec compiled = Specs.compile(Specs.MLP_IRIS, Specs.IRIS);
		OutputLayer output = (OutputLayer) compiled.configuration().getConf(1).getLayer();
		assertThat(output.getNOut()).isEqualTo(3);
		assertThat(output.getActivationFn()).isInstanceOf(ActivationSoftmax.class);
		assertThat(output.getLossFn()).isInstanceOf(LossMCXENT.class);

		CompiledSpec binary = Specs
			.compile(Specs.model("4", "{\"type\": \"output\", \"loss\": \"binary-cross-entropy\"}"), Specs.IRIS);
		OutputLayer binaryOutput = (OutputLayer) binary.configuration().getConf(0).getLayer();
		assertThat(binaryOutput.getActivationFn()).isInstanceOf(ActivationSigmoid.class);
		assertThat(binaryOutput.getLossFn()).isInstanceOf(LossBinaryXENT.class);
	}

	@Test
	void dropoutRatesBecomeDl4jRetainProbabilities() {
		CompiledSpec compiled = Specs.compile(Specs.model("4", """
				{"type": "dropout", "rate": 0.2}, {"type": "dense", "units": 5, "dropout": 0.25},
				{"type": "output", "units": 3}"""), Specs.IRIS);
		DropoutLayer dropout = (DropoutLayer) compiled.configuration().getConf(0).getLayer();
		DenseLayer dense = (DenseLayer) compiled.configuration().getConf(1).getLayer();
		BaseLayer output = (BaseLayer) compiled.configuration().getConf(2).getLayer();

		assertThat(((Dropout) dropout.getIDropout()).getP()).isEqualTo(0.8);
		assertThat(((Dropout) dense.getIDropout()).getP()).isEqualTo(0.75);
		assertThat(output.getIDropout()).isNull();
		assertThat(compiled.layers().get(0).parameters()).isZero();
	}

	@Test
	void zeroDropoutRatesDropNothing() {
		CompiledSpec compiled = Specs.compile(Specs.model("4", """
				{"type": "dropout", "rate": 0}, {"type": "dense", "units": 5, "dropout": 0},
				{"type": "output", "units": 3}"""), Specs.IRIS);
		DenseLayer dense = (DenseLayer) compiled.configuration().getConf(1).getLayer();
		assertThat(dense.getIDropout()).isNull();

		MultiLayerNetwork network = new MultiLayerNetwork(compiled.configuration());
		network.init();
		org.nd4j.linalg.api.ndarray.INDArray x = org.nd4j.linalg.factory.Nd4j.rand(4, 4);
		network.fit(x, org.nd4j.linalg.factory.Nd4j.eye(3).getRows(0, 1, 2, 0));
		assertThat(network.score()).isFinite();
	}

	@Test
	void weightInitIsTheModelsUnlessALayerOverridesIt() {
		CompiledSpec compiled = Specs.compile("""
				{"model": {"input": [4], "weightInit": "relu", "layers": [{"type": "dense", "units": 5},
				  {"type": "output", "weightInit": "xavier"}]}}
				""", Specs.IRIS);
		assertThat(((BaseLayer) compiled.configuration().getConf(0).getLayer()).getWeightInitFn())
			.isInstanceOf(WeightInitRelu.class);
		assertThat(((BaseLayer) compiled.configuration().getConf(1).getLayer()).getWeightInitFn())
			.isInstanceOf(WeightInitXavier.class);
	}

	@Test
	void defaultsFillTheSettingsAndTheUpdater() {
		CompiledSpec compiled = Specs.compile(Specs.MLP_IRIS, Specs.IRIS);

		assertThat(compiled.settings()).isEqualTo(new CompiledSpec.Settings(10, 32, 42, 0.15, 0.15, 42, "none", 1, 2,
				"validationLoss", CompiledSpec.Stopping.NONE, "any"));
		Adam adam = (Adam) updater(compiled);
		assertThat(adam.getLearningRate()).isEqualTo(0.001);
		assertThat(adam.getLearningRateSchedule()).isNull();
		assertThat(adam.getBeta1()).isEqualTo(0.9);
		assertThat(adam.getBeta2()).isEqualTo(0.999);
		assertThat(adam.getEpsilon()).isEqualTo(1e-8);
		assertThat(compiled.configuration().getConf(0).getSeed()).isEqualTo(42);
	}

	@Test
	void givenSettingsOverrideTheDefaults() {
		CompiledSpec compiled = Specs.compile("""
				{"split": {"validation": 0.2, "test": 0, "seed": 7}, "normalization": "Standardize",
				 "model": {"input": [4], "layers": [{"type": "output"}]},
				 "training": {"epochs": 3, "batchSize": 8, "seed": 9, "l2": 0.0001},
				 "checkpoints": {"every": 2, "keepLast": 0, "metric": "validationAccuracy"}, "device": "GPU"}
				""", Specs.IRIS);

		assertThat(compiled.settings()).isEqualTo(new CompiledSpec.Settings(3, 8, 9, 0.2, 0.0, 7, "standardize", 2, 0,
				"validationAccuracy", CompiledSpec.Stopping.NONE, "gpu"));
		assertThat(((BaseLayer) compiled.configuration().getConf(0).getLayer()).getRegularization()).isNotEmpty();
		assertThat(compiled.configuration().getConf(0).getSeed()).isEqualTo(9);
	}

	@Test
	void optimizersMapToDl4jUpdaters() {
		assertThat(updater(withOptimizer("{\"type\": \"sgd\", \"learningRate\": 0.1}"))).isEqualTo(new Sgd(0.1));
		assertThat(updater(withOptimizer("{\"type\": \"momentum\", \"learningRate\": 0.1}")))
			.isEqualTo(new Nesterovs(0.1, 0.9));
		assertThat(updater(withOptimizer("{\"type\": \"momentum\", \"momentum\": 0.5}")))
			.isEqualTo(new Nesterovs(0.01, 0.5));
		assertThat(updater(withOptimizer("{\"type\": \"adam\", \"learningRate\": 0.003, \"beta1\": 0.8, "
				+ "\"beta2\": 0.99, \"epsilon\": 1e-7}")))
			.isEqualTo(new Adam(0.003, 0.8, 0.99, 1e-7));
		assertThat(updater(withOptimizer("{\"type\": \"rmsprop\", \"decay\": 0.9}")))
			.isEqualTo(new RmsProp(0.001, 0.9, 1e-8));
		assertThat(updater(withOptimizer("{\"type\": \"adagrad\"}"))).isEqualTo(new AdaGrad(0.01, 1e-6));
	}

	@Test
	void memoryEstimateGrowsWithTheBatch() {
		String small = Specs.CLASSIC_CNN.replace("\"name\": \"cnn\",", "\"training\": {\"batchSize\": 16},");
		String large = Specs.CLASSIC_CNN.replace("\"name\": \"cnn\",", "\"training\": {\"batchSize\": 256},");
		long smallBytes = Specs.compile(small, Specs.MNIST).estimatedMemoryBytes();
		long largeBytes = Specs.compile(large, Specs.MNIST).estimatedMemoryBytes();

		// parameters, gradients and Adam's two moments in floats, at the least
		assertThat(smallBytes).isGreaterThan(244_076L * 4 * 4);
		// activations of 28x28x6 per example alone take 3 KB in floats
		assertThat(largeBytes - smallBytes).isGreaterThan(240L * 28 * 28 * 6 * 4);
	}

	@Test
	void compilesWithoutADatasetWhenTheOutputNamesItsUnits() {
		CompiledSpec compiled = Specs.compile(Specs.CLASSIC_CNN, null);
		assertThat(compiled.parameters()).isEqualTo(244_076);
	}

	@Test
	void inputMayReshapeTheDatasetsFeatures() {
		CompiledSpec compiled = Specs.compile(Specs.model("64", "{\"type\": \"output\", \"units\": 10}"),
				new DataShape(List.of(8, 8, 1), 10, 1000));
		assertThat(compiled.parameters()).isEqualTo(650);
	}

	private static CompiledSpec withOptimizer(String optimizer) {
		return Specs.compile("{\"model\": {\"input\": [4], \"layers\": [{\"type\": \"output\"}]}, "
				+ "\"training\": {\"optimizer\": " + optimizer + "}}", Specs.IRIS);
	}

	private static org.nd4j.linalg.learning.config.IUpdater updater(CompiledSpec compiled) {
		return ((BaseLayer) compiled.configuration().getConf(0).getLayer()).getIUpdater();
	}

	static long dl4jParameters(MultiLayerConfiguration configuration) {
		MultiLayerNetwork network = new MultiLayerNetwork(configuration.clone());
		network.init();
		return network.numParams();
	}

}
