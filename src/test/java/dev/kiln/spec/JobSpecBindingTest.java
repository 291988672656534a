package dev.kiln.spec;

import java.util.List;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.exc.UnrecognizedPropertyException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class JobSpecBindingTest {

	@Test
	void everyFieldBinds() {
		JobSpec spec = Specs.parse("""
				{"name": "run", "dataset": "iris", "split": {"validation": 0.1, "test": 0.2, "seed": 5},
				 "normalization": "minmax",
				 "model": {"input": [28, 28, 1], "weightInit": "relu", "layers": [
				   {"type": "conv2d", "filters": 6, "kernel": 5, "stride": [1, 2], "padding": "same",
				    "activation": "relu", "dropout": 0.1, "weightInit": "xavier"},
				   {"type": "dropout", "rate": 0.5},
				   {"type": "output", "units": 10, "activation": "softmax", "loss": "cross-entropy"}]},
				 "training": {"epochs": 3, "batchSize": 64, "seed": 7, "l2": 0.001,
				   "optimizer": {"type": "adam", "learningRate": 0.003, "momentum": 0.9, "beta1": 0.9, "beta2": 0.99,
				     "epsilon": 1e-8, "decay": 0.9},
				   "schedule": {"type": "exponential", "floor": 0.0001, "decaySteps": 2000, "factor": 0.5, "every": 3,
				     "power": 2, "unit": "epoch"}},
				 "checkpoints": {"every": 2, "keepLast": 3, "metric": "validationAccuracy"}}
				""");

		assertThat(spec.split()).isEqualTo(new SplitSpec(0.1, 0.2, 5L));
		assertThat(spec.model().input()).containsExactly(28, 28, 1);
		assertThat(spec.model().layers().get(0)).isEqualTo(
				new LayerSpec("conv2d", null, 6, List.of(5), List.of(1, 2), "same", "relu", null, 0.1, null, "xavier"));
		assertThat(spec.model().layers().get(1).rate()).isEqualTo(0.5);
		assertThat(spec.training())
			.isEqualTo(new TrainingSpec(3, 64, 7L, new OptimizerSpec("adam", 0.003, 0.9, 0.9, 0.99, 1e-8, 0.9),
					new ScheduleSpec("exponential", 0.0001, 2000.0, 0.5, 3, 2.0, "epoch"), 0.001));
		assertThat(spec.checkpoints()).isEqualTo(new CheckpointSpec(2, 3, "validationAccuracy"));
	}

	@Test
	void kernelAndStrideTakeOneNumberOrAPair() {
		JobSpec spec = Specs.parse(Specs.model("8, 8, 1", """
				{"type": "conv2d", "filters": 2, "kernel": 5, "stride": 2},
				{"type": "conv2d", "filters": 2, "kernel": [5, 3], "stride": [2, 1]}"""));

		assertThat(spec.model().layers().get(0).kernel()).containsExactly(5);
		assertThat(spec.model().layers().get(0).stride()).containsExactly(2);
		assertThat(spec.model().layers().get(1).kernel()).containsExactly(5, 3);
		assertThat(spec.model().layers().get(1).stride()).containsExactly(2, 1);
	}

	@Test
	void unknownFieldsAreRejected() {
		assertThatExceptionOfType(UnrecognizedPropertyException.class)
			.isThrownBy(() -> Specs.parse(Specs.model("4", "{\"type\": \"dense\", \"neurons\": 5}")))
			.withMessageContaining("neurons");
	}

}
