package dev.kiln.engine.cpu;

import dev.kiln.engine.NativeRuntime;
import dev.kiln.engine.EngineSettings;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.learning.AdamUpdater;
import org.nd4j.linalg.learning.config.Adam;

class HeapAdamUpdaterTest {

	@BeforeAll
	static void runtime() {
		NativeRuntime.configure(EngineSettings.defaults());
	}

	/**
	 * A block of an updater state like DL4J's: a view into a larger array, at an offset.
	 */
	private static INDArray stateView(long parameters) {
		INDArray whole = Nd4j.zeros(DataType.FLOAT, 1, 2 * parameters + 10);
		return whole.get(NDArrayIndex.interval(0, 0, true), NDArrayIndex.interval(10, 10 + 2 * parameters));
	}

	@Test
	void stepsExactlyAsLibnd4jsAdam() {
		long parameters = 3 * HeapAdamUpdater.CHUNK + 123;
		Adam config = new Adam(0.003);
		AdamUpdater dl4j = (AdamUpdater) config.instantiate(stateView(parameters), true);
		AdamUpdater inner = (AdamUpdater) config.instantiate(stateView(parameters), true);
		HeapAdamUpdater heap = new HeapAdamUpdater(inner);
		INDArray gradients = Nd4j.zeros(DataType.FLOAT, 1, parameters + 7);
		for (int iteration = 0; iteration < 30; iteration++) {
			INDArray gradient = Nd4j.randn(DataType.FLOAT, parameters).muli(iteration % 3 == 0 ? 1e-3 : 1.0);
			// zeros, tiny and large gradients: each rounds differently
			gradient.putScalar(0, 0f);
			gradient.putScalar(1, 1e-30f);
			gradient.putScalar(2, 3e4f);
			INDArray expected = gradient.dup();
			dl4j.applyUpdater(expected, iteration, 0);
			INDArray actual = gradients.get(NDArrayIndex.interval(0, 0, true), NDArrayIndex.interval(7, 7 + parameters))
				.reshape(parameters);
			actual.assign(gradient);
			heap.applyUpdater(actual, iteration, 0);
			assertThat(actual.data().asFloat()).containsExactly(expected.data().asFloat());
			assertSameState(heap.getState(), dl4j.getState());
		}
	}

	private static void assertSameState(Map<String, INDArray> actual, Map<String, INDArray> expected) {
		for (String key : new String[] { AdamUpdater.M_STATE, AdamUpdater.V_STATE }) {
			assertThat(actual.get(key).dup().data().asFloat())
				.containsExactly(expected.get(key).dup().data().asFloat());
		}
	}

}
