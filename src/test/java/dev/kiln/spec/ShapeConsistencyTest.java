package dev.kiln.spec;

import java.util.ArrayList;
import java.util.List;

import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every small network either has violations or compiles, and then its inferred shapes and
 * parameter counts agree with DL4J's own.
 */
class ShapeConsistencyTest {

	private static final List<String> INPUTS = List.of("6", "6, 6, 2", "5, 3");

	private static final List<String> HIDDEN = List.of("{\"type\": \"dense\", \"units\": 3}",
			"{\"type\": \"conv2d\", \"filters\": 2, \"kernel\": 2}",
			"{\"type\": \"conv2d\", \"filters\": 3, \"kernel\": [3, 2], \"stride\": 2, \"padding\": \"same\"}",
			"{\"type\": \"maxpool2d\"}",
			"{\"type\": \"avgpool2d\", \"kernel\": 3, \"stride\": 1, \"padding\": \"same\"}",
			"{\"type\": \"dropout\", \"rate\": 0.5}", "{\"type\": \"batchnorm\"}",
			"{\"type\": \"lstm\", \"units\": 3}");

	@Test
	void inferredShapesAndParametersAgreeWithDl4j() {
		int compiled = 0;
		int invalid = 0;
		for (String input : INPUTS) {
			for (List<String> hidden : combinations()) {
				List<String> layers = new ArrayList<>(hidden);
				layers.add("{\"type\": \"output\", \"units\": 2}");
				JobSpec spec = Specs.parse(Specs.model(input, String.join(", ", layers)));
				if (!Specs.COMPILER.validate(spec, null).isEmpty()) {
					invalid++;
					continue;
				}
				CompiledSpec result = Specs.COMPILER.compile(spec, null);
				assertAgreesWithDl4j(result, inputType(input), input + " " + hidden);
				compiled++;
			}
		}
		assertThat(compiled).isGreaterThan(60);
		assertThat(invalid).isGreaterThan(60);
	}

	@Test
	void everyOutputActivationAndLossEitherCompilesOrIsAViolation() {
		int compiled = 0;
		for (String activation : Vocabulary.ACTIVATIONS.keySet()) {
			for (String loss : Vocabulary.LOSSES.keySet()) {
				for (int units : new int[] { 1, 3 }) {
					JobSpec spec = Specs.parse(Specs.model("4", "{\"type\": \"output\", \"units\": " + units
							+ ", \"activation\": \"" + activation + "\", \"loss\": \"" + loss + "\"}"));
					if (Specs.COMPILER.validate(spec, null).isEmpty()) {
						assertThat(Specs.COMPILER.compile(spec, null).parameters()).isEqualTo(5L * units);
						compiled++;
					}
				}
			}
		}
		// mse with any activation but softmax on 1 unit, cross-entropy with softmax on 3,
		// binary-cross-entropy with sigmoid
		assertThat(compiled).isEqualTo(13 + 1 + 2);
	}

	private static void assertAgreesWithDl4j(CompiledSpec compiled, InputType inputType, String description) {
		MultiLayerConfiguration configuration = compiled.configuration();
		List<InputType> types = configuration.getLayerActivationTypes(inputType);
		long total = 0;
		for (LayerSummary layer : compiled.layers()) {
			NeuralNetConfiguration conf = configuration.getConf(layer.index());
			long parameters = conf.getLayer().initializer().numParams(conf);
			assertThat(layer.parameters()).as(description + " parameters of layer " + layer.index())
				.isEqualTo(parameters);
			assertThat(layer.outputShape()).as(description + " shape of layer " + layer.index())
				.isEqualTo(shape(types.get(layer.index())));
			total += parameters;
		}
		assertThat(compiled.parameters()).isEqualTo(total);
	}

	/** The input type the compiler sets: flat rows, or flat images, for every model. */
	private static InputType inputType(String input) {
		int[] dims = java.util.Arrays.stream(input.split(",")).map(String::trim).mapToInt(Integer::parseInt).toArray();
		return (dims.length == 3) ? InputType.convolutionalFlat(dims[0], dims[1], dims[2])
				: InputType.feedForward(java.util.Arrays.stream(dims).reduce(1, (a, b) -> a * b));
	}

	private static List<Integer> shape(InputType type) {
		return switch (type.getType()) {
			case FF -> List.of((int) ((InputType.InputTypeFeedForward) type).getSize());
			case CNN -> {
				InputType.InputTypeConvolutional cnn = (InputType.InputTypeConvolutional) type;
				yield List.of((int) cnn.getHeight(), (int) cnn.getWidth(), (int) cnn.getChannels());
			}
			case CNNFlat -> {
				InputType.InputTypeConvolutionalFlat flat = (InputType.InputTypeConvolutionalFlat) type;
				yield List.of((int) flat.getHeight(), (int) flat.getWidth(), (int) flat.getDepth());
			}
			case RNN -> {
				InputType.InputTypeRecurrent rnn = (InputType.InputTypeRecurrent) type;
				yield List.of((int) rnn.getTimeSeriesLength(), (int) rnn.getSize());
			}
			default -> throw new IllegalStateException(type.toString());
		};
	}

	/** Every sequence of up to two hidden layers. */
	private static List<List<String>> combinations() {
		List<List<String>> combinations = new ArrayList<>();
		combinations.add(List.of());
		for (String first : HIDDEN) {
			combinations.add(List.of(first));
			for (String second : HIDDEN) {
				combinations.add(List.of(first, second));
			}
		}
		return combinations;
	}

}
