package dev.kiln.spec;

import java.io.File;
import java.nio.file.Path;
import java.util.List;

import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.AdaGrad;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.learning.config.Nesterovs;
import org.nd4j.linalg.learning.config.RmsProp;
import org.nd4j.linalg.learning.config.Sgd;
import org.nd4j.linalg.schedule.ISchedule;
import org.nd4j.linalg.schedule.ScheduleType;
import org.nd4j.linalg.schedule.StepSchedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class ScheduleTest {

	private static final DataShape DATA = new DataShape(List.of(4), 3, 100);

	@Test
	void exponentialDecaysFromTheLearningRateToTheFloor() {
		ISchedule schedule = scheduleOf("""
				{"type": "exponential", "floor": 0.0001, "decaySteps": 2000}""", "adam", 0.003);

		assertThat(schedule).isEqualTo(new ExponentialDecaySchedule(ScheduleType.ITERATION, 0.003, 0.0001, 2000));
		assertThat(schedule.valueAt(0, 0)).isCloseTo(0.003, within(1e-12));
		assertThat(schedule.valueAt(2000, 3)).isCloseTo(0.0001 + 0.0029 * Math.exp(-1), within(1e-12));
		assertThat(schedule.valueAt(4000, 9)).isCloseTo(0.0001 + 0.0029 * Math.exp(-2), within(1e-12));
		assertThat(schedule.valueAt(100_000, 50)).isCloseTo(0.0001, within(1e-12)).isGreaterThanOrEqualTo(0.0001);
	}

	@Test
	void epochUnitCountsEpochs() {
		ISchedule schedule = scheduleOf("""
				{"type": "exponential", "decaySteps": 2, "unit": "epoch"}""", "sgd", 0.1);

		assertThat(schedule.valueAt(5000, 0)).isEqualTo(0.1);
		assertThat(schedule.valueAt(0, 2)).isCloseTo(0.1 * Math.exp(-1), within(1e-12));
	}

	@Test
	void cosineRunsOverTheWholeTraining() {
		// 2 epochs of ceil(100 / 32) = 4 iterations
		ISchedule schedule = scheduleOf("""
				{"type": "cosine", "floor": 0.001}""", "momentum", 0.1);

		assertThat(schedule).isEqualTo(new CosineDecaySchedule(ScheduleType.ITERATION, 0.1, 0.001, 8));
		assertThat(schedule.valueAt(0, 0)).isCloseTo(0.1, within(1e-12));
		assertThat(schedule.valueAt(4, 1)).isCloseTo(0.0505, within(1e-12));
		assertThat(schedule.valueAt(2, 0)).isCloseTo(0.001 + 0.099 * (1 + Math.cos(Math.PI / 4)) / 2, within(1e-12));
		assertThat(schedule.valueAt(8, 2)).isCloseTo(0.001, within(1e-12));
		assertThat(schedule.valueAt(50, 9)).isCloseTo(0.001, within(1e-12));
	}

	@Test
	void polynomialRunsOverTheWholeTrainingInEpochs() {
		ISchedule schedule = scheduleOf("""
				{"type": "polynomial", "power": 2, "unit": "epoch"}""", "rmsprop", 0.01);

		assertThat(schedule).isEqualTo(new PolynomialDecaySchedule(ScheduleType.EPOCH, 0.01, 0, 2, 2));
		assertThat(schedule.valueAt(0, 0)).isEqualTo(0.01);
		assertThat(schedule.valueAt(999, 1)).isCloseTo(0.0025, within(1e-12));
		assertThat(schedule.valueAt(0, 2)).isZero();
	}

	@Test
	void stepMultipliesByTheFactorEveryStep() {
		ISchedule schedule = scheduleOf("""
				{"type": "step", "factor": 0.5, "every": 3}""", "adagrad", 0.1);

		assertThat(schedule).isEqualTo(new StepSchedule(ScheduleType.ITERATION, 0.1, 0.5, 3));
		assertThat(schedule.valueAt(2, 0)).isEqualTo(0.1);
		assertThat(schedule.valueAt(3, 0)).isEqualTo(0.05);
		assertThat(schedule.valueAt(7, 0)).isEqualTo(0.025);
	}

	@Test
	void fixedHasNoSchedule() {
		assertThat(scheduleOf("{\"type\": \"fixed\"}", "adam", 0.01)).isNull();
	}

	@Test
	void clonesAreEqualButDistinct() {
		for (ISchedule schedule : List.of(new ExponentialDecaySchedule(ScheduleType.EPOCH, 0.1, 0.01, 3),
				new CosineDecaySchedule(ScheduleType.ITERATION, 0.1, 0.01, 30),
				new PolynomialDecaySchedule(ScheduleType.ITERATION, 0.1, 0.01, 0.5, 30))) {
			assertThat(schedule.clone()).isEqualTo(schedule).isNotSameAs(schedule);
		}
	}

	@ParameterizedTest
	@ValueSource(strings = { "{\"type\": \"exponential\", \"floor\": 0.0001, \"decaySteps\": 20}",
			"{\"type\": \"cosine\", \"floor\": 0.0001, \"unit\": \"epoch\"}",
			"{\"type\": \"polynomial\", \"power\": 0.5}", "{\"type\": \"step\", \"factor\": 0.9, \"every\": 2}" })
	void schedulesSurviveJsonAndModelSerializer(String schedule, @TempDir Path dir) throws Exception {
		for (String optimizer : List.of("adam", "adagrad")) {
			survivesJsonAndModelSerializer(spec(schedule, optimizer, 0.003), dir.resolve(optimizer + ".zip").toFile());
		}
	}

	private static void survivesJsonAndModelSerializer(String spec, File file) throws Exception {
		CompiledSpec compiled = Specs.compile(spec, DATA);
		MultiLayerConfiguration configuration = compiled.configuration();
		ISchedule expected = learningRateSchedule(configuration);

		MultiLayerConfiguration parsed = MultiLayerConfiguration.fromJson(configuration.toJson());
		assertThat(parsed).isEqualTo(configuration);
		assertThat(learningRateSchedule(parsed)).isEqualTo(expected).isNotNull();
		assertThat(learningRateSchedule(configuration.clone())).isEqualTo(expected);

		MultiLayerNetwork network = new MultiLayerNetwork(configuration);
		network.init();
		DataSet batch = new DataSet(Nd4j.rand(8, 4), Nd4j.eye(3).getRows(0, 1, 2, 0, 1, 2, 0, 1));
		network.fit(batch);
		network.fit(batch);
		ModelSerializer.writeModel(network, file, true);

		MultiLayerNetwork restored = ModelSerializer.restoreMultiLayerNetwork(file, true);
		assertThat(learningRateSchedule(restored.getLayerWiseConfigurations())).isEqualTo(expected);
		assertThat(restored.params()).isEqualTo(network.params());
		assertThat(restored.getUpdater().getStateViewArray()).isEqualTo(network.getUpdater().getStateViewArray());
		assertThat(restored.getIterationCount()).isEqualTo(2);
		restored.fit(batch);
		assertThat(restored.score()).isFinite();
	}

	private static ISchedule learningRateSchedule(MultiLayerConfiguration configuration) {
		IUpdater updater = ((BaseLayer) configuration.getConf(0).getLayer()).getIUpdater();
		if (updater instanceof Adam adam) {
			return adam.getLearningRateSchedule();
		}
		if (updater instanceof Nesterovs nesterovs) {
			return nesterovs.getLearningRateSchedule();
		}
		if (updater instanceof RmsProp rmsProp) {
			return rmsProp.getLearningRateSchedule();
		}
		if (updater instanceof Sgd sgd) {
			return sgd.getLearningRateSchedule();
		}
		return ((AdaGrad) updater).getLearningRateSchedule();
	}

	private static ISchedule scheduleOf(String schedule, String optimizer, double learningRate) {
		return learningRateSchedule(Specs.compile(spec(schedule, optimizer, learningRate), DATA).configuration());
	}

	private static String spec(String schedule, String optimizer, double learningRate) {
		return "{\"model\": {\"input\": [4], \"layers\": [{\"type\": \"dense\", \"units\": 5}, {\"type\": \"output\"}]},"
				+ " \"training\": {\"epochs\": 2, \"batchSize\": 32, \"optimizer\": {\"type\": \"" + optimizer
				+ "\", \"learningRate\": " + learningRate + "}, \"schedule\": " + schedule + "}}";
	}

}
