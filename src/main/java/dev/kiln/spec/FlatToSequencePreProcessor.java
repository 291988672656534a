package dev.kiln.spec;

import java.util.Objects;

import org.deeplearning4j.nn.api.MaskState;
import org.deeplearning4j.nn.conf.InputPreProcessor;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.shape.Shape;
import org.nd4j.shade.jackson.annotation.JsonCreator;
import org.nd4j.shade.jackson.annotation.JsonProperty;

/**
 * Turns flat rows into sequences for recurrent layers: {@code [n, timesteps * features]}
 * with each row holding time step 0's features, then time step 1's and so on
 * ({@code row[t * features + f]}), into DL4J's {@code [n, features, timesteps]} (NCW),
 * and the gradients back. Serialises with DL4J's configuration JSON (its class name is
 * stored in models: do not rename or move).
 */
public final class FlatToSequencePreProcessor implements InputPreProcessor {

	private static final long serialVersionUID = 1L;

	@JsonProperty("timesteps")
	private final int timesteps;

	@JsonProperty("features")
	private final int features;

	@JsonCreator
	public FlatToSequencePreProcessor(@JsonProperty("timesteps") int timesteps,
			@JsonProperty("features") int features) {
		if (timesteps < 1 || features < 1) {
			throw new IllegalArgumentException("timesteps and features must be positive");
		}
		this.timesteps = timesteps;
		this.features = features;
	}

	@Override
	public INDArray preProcess(INDArray input, int miniBatchSize, LayerWorkspaceMgr workspaceMgr) {
		if (input.rank() != 2 || input.size(1) != (long) this.timesteps * this.features) {
			throw new IllegalArgumentException("expected rows of " + this.timesteps + " x " + this.features
					+ " values, got an array of shape " + java.util.Arrays.toString(input.shape()));
		}
		INDArray rows = (input.ordering() == 'c' && Shape.hasDefaultStridesForShape(input)) ? input : input.dup('c');
		INDArray sequences = rows.reshape('c', rows.size(0), this.timesteps, this.features).permute(0, 2, 1);
		return workspaceMgr.dup(ArrayType.ACTIVATIONS, sequences, 'f');
	}

	@Override
	public INDArray backprop(INDArray output, int miniBatchSize, LayerWorkspaceMgr workspaceMgr) {
		// [n, features, timesteps] -> [n, timesteps, features] -> [n, timesteps *
		// features]
		INDArray permuted = workspaceMgr.dup(ArrayType.ACTIVATION_GRAD, output.permute(0, 2, 1), 'c');
		return permuted.reshape('c', permuted.size(0), (long) this.timesteps * this.features);
	}

	@Override
	public InputPreProcessor clone() {
		return new FlatToSequencePreProcessor(this.timesteps, this.features);
	}

	@Override
	public InputType getOutputType(InputType inputType) {
		if (inputType == null || inputType.getType() != InputType.Type.FF
				|| inputType.arrayElementsPerExample() != (long) this.timesteps * this.features) {
			throw new IllegalStateException(
					"expected flat input of " + this.timesteps + " x " + this.features + " values, got " + inputType);
		}
		return InputType.recurrent(this.features, this.timesteps);
	}

	@Override
	public Pair<INDArray, MaskState> feedForwardMaskArray(INDArray maskArray, MaskState currentMaskState,
			int minibatchSize) {
		return new Pair<>(maskArray, currentMaskState);
	}

	public int getTimesteps() {
		return this.timesteps;
	}

	public int getFeatures() {
		return this.features;
	}

	@Override
	public boolean equals(Object other) {
		return other instanceof FlatToSequencePreProcessor that && this.timesteps == that.timesteps
				&& this.features == that.features;
	}

	@Override
	public int hashCode() {
		return Objects.hash(this.timesteps, this.features);
	}

	@Override
	public String toString() {
		return "FlatToSequencePreProcessor(timesteps=" + this.timesteps + ", features=" + this.features + ")";
	}

}
