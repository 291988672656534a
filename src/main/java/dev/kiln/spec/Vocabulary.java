package dev.kiln.spec;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.lossfunctions.LossFunctions.LossFunction;

/**
 * The words of the spec language and what they mean to DL4J.
 */
final class Vocabulary {

	static final String DENSE = "dense";

	static final String CONV2D = "conv2d";

	static final String MAXPOOL2D = "maxpool2d";

	static final String AVGPOOL2D = "avgpool2d";

	static final String DROPOUT = "dropout";

	static final String BATCHNORM = "batchnorm";

	static final String LSTM = "lstm";

	static final String OUTPUT = "output";

	static final List<String> LAYER_TYPES = List.of(DENSE, CONV2D, MAXPOOL2D, AVGPOOL2D, DROPOUT, BATCHNORM, LSTM,
			OUTPUT);

	/** The fields each layer type takes besides {@code type}. */
	static final Map<String, Set<String>> LAYER_FIELDS = Map.of(DENSE,
			Set.of("units", "activation", "dropout", "weightInit"), CONV2D,
			Set.of("filters", "kernel", "stride", "padding", "activation", "dropout", "weightInit"), MAXPOOL2D,
			Set.of("kernel", "stride", "padding"), AVGPOOL2D, Set.of("kernel", "stride", "padding"), DROPOUT,
			Set.of("rate"), BATCHNORM, Set.of(), LSTM, Set.of("units", "activation", "dropout", "weightInit"), OUTPUT,
			Set.of("units", "activation", "loss", "dropout", "weightInit"));

	static final Map<String, Activation> ACTIVATIONS = ordered("sigmoid", Activation.SIGMOID, "tanh", Activation.TANH,
			"relu", Activation.RELU, "leakyrelu", Activation.LEAKYRELU, "elu", Activation.ELU, "softmax",
			Activation.SOFTMAX, "identity", Activation.IDENTITY);

	static final String CROSS_ENTROPY = "cross-entropy";

	static final String BINARY_CROSS_ENTROPY = "binary-cross-entropy";

	static final String MSE = "mse";

	static final Map<String, LossFunction> LOSSES = ordered(CROSS_ENTROPY, LossFunction.MCXENT, MSE, LossFunction.MSE,
			BINARY_CROSS_ENTROPY, LossFunction.XENT);

	/** The output activation each loss needs (null: any). */
	static final Map<String, String> LOSS_ACTIVATIONS = Map.of(CROSS_ENTROPY, "softmax", BINARY_CROSS_ENTROPY,
			"sigmoid");

	/** The output activation each loss gets by default. */
	static final Map<String, String> DEFAULT_OUTPUT_ACTIVATIONS = Map.of(CROSS_ENTROPY, "softmax", BINARY_CROSS_ENTROPY,
			"sigmoid", MSE, "identity");

	static final Map<String, WeightInit> WEIGHT_INITS = ordered("xavier", WeightInit.XAVIER, "xavier-uniform",
			WeightInit.XAVIER_UNIFORM, "relu", WeightInit.RELU, "relu-uniform", WeightInit.RELU_UNIFORM, "lecun-normal",
			WeightInit.LECUN_NORMAL, "lecun-uniform", WeightInit.LECUN_UNIFORM, "normal", WeightInit.NORMAL, "uniform",
			WeightInit.UNIFORM);

	static final String SGD = "sgd";

	static final String MOMENTUM = "momentum";

	static final String ADAM = "adam";

	static final String RMSPROP = "rmsprop";

	static final String ADAGRAD = "adagrad";

	static final List<String> OPTIMIZERS = List.of(SGD, MOMENTUM, ADAM, RMSPROP, ADAGRAD);

	/** The fields each optimizer takes besides {@code type} and {@code learningRate}. */
	static final Map<String, Set<String>> OPTIMIZER_FIELDS = Map.of(SGD, Set.of(), MOMENTUM, Set.of("momentum"), ADAM,
			Set.of("beta1", "beta2", "epsilon"), RMSPROP, Set.of("decay", "epsilon"), ADAGRAD, Set.of("epsilon"));

	static final String FIXED = "fixed";

	static final String EXPONENTIAL = "exponential";

	static final String STEP = "step";

	static final String COSINE = "cosine";

	static final String POLYNOMIAL = "polynomial";

	static final List<String> SCHEDULES = List.of(FIXED, EXPONENTIAL, STEP, COSINE, POLYNOMIAL);

	/** The fields each schedule takes besides {@code type}. */
	static final Map<String, Set<String>> SCHEDULE_FIELDS = Map.of(FIXED, Set.of(), EXPONENTIAL,
			Set.of("floor", "decaySteps", "unit"), STEP, Set.of("factor", "every", "unit"), COSINE,
			Set.of("floor", "unit"), POLYNOMIAL, Set.of("floor", "power", "unit"));

	static final List<String> SCHEDULE_UNITS = List.of("iteration", "epoch");

	static final List<String> PADDINGS = List.of("valid", "same");

	static final List<String> NORMALIZATIONS = List.of("none", "minmax", "standardize");

	static final List<String> DEVICES = List.of(SpecDefaults.DEVICE_GPU, SpecDefaults.DEVICE_CPU,
			SpecDefaults.DEVICE_ANY);

	static final List<String> CHECKPOINT_METRICS = List.of("validationLoss", "validationAccuracy");

	private Vocabulary() {
	}

	@SuppressWarnings("unchecked")
	private static <V> Map<String, V> ordered(Object... pairs) {
		Map<String, V> map = new LinkedHashMap<>();
		for (int i = 0; i < pairs.length; i += 2) {
			map.put((String) pairs[i], (V) pairs[i + 1]);
		}
		return java.util.Collections.unmodifiableMap(map);
	}

}
