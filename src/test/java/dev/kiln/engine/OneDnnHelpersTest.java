package dev.kiln.engine;

import java.lang.reflect.Field;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.layers.mkldnn.MKLDNNBatchNormHelper;
import org.deeplearning4j.nn.layers.mkldnn.MKLDNNConvHelper;
import org.deeplearning4j.nn.layers.mkldnn.MKLDNNSubsamplingHelper;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

class OneDnnHelpersTest {

	private static final Examples TRAIN = TestNetworks.bars(240, 1);

	private static final Examples VALIDATION = TestNetworks.bars(60, 2);

	@TempDir
	Path dir;

	@BeforeAll
	static void defaults() {
		NativeRuntime.configure(EngineSettings.defaults());
	}

	@Test
	void legacyEnvironmentLookupAnswersThatOneDnnIsUsable() throws Exception {
		ClassLoader loader = new LegacyEnvironmentClassLoader(getClass().getClassLoader());

		Class<?> environment = Class.forName("org.nd4j.nativeblas.Nd4jCpu$Environment", true, loader);
		Object instance = environment.getMethod("getInstance").invoke(null);

		assertThat(environment.getMethod("isUseMKLDNN").invoke(instance)).isEqualTo(true);
		assertThat(Class.forName(Examples.class.getName(), false, loader)).isSameAs(Examples.class);
		assertThat(NativeRuntime.oneDnnHelpersActive()).isTrue();
	}

	@Test
	void convolutionBatchNormAndPoolingLayersRunThroughOneDnn() throws Exception {
		MultiLayerNetwork network = new MultiLayerNetwork(TestNetworks.cnn());
		network.init();

		network.fit(ExamplesIterator.inOrder(TRAIN, 32, true));
		network.output(ExamplesIterator.inOrder(VALIDATION, 60, true).next().getFeatures(), false);

		assertRunsThroughOneDnn(network);
	}

	@Test
	void tinyCnnTrainsAndItsCheckpointLoadsWithOneDnnHelpers() throws Exception {
		List<EpochResult> reported = new ArrayList<>();
		Path checkpoint = this.dir.resolve("cnn.zip");
		TrainingObserver observer = new TestNetworks.RecordingObserver() {

			@Override
			public void epochEnded(EpochResult result, ModelSnapshot snapshot) {
				reported.add(result);
				try {
					snapshot.writeTo(checkpoint);
				}
				catch (java.io.IOException ex) {
					throw new java.io.UncheckedIOException(ex);
				}
			}

		};

		TrainingOutcome outcome = new Trainer().train(TestNetworks.task(TestNetworks.cnn(), TRAIN, VALIDATION, 4, null),
				observer);

		assertThat(outcome).isEqualTo(new TrainingOutcome.Completed(4));
		assertThat(reported).extracting(EpochResult::epoch).containsExactly(1, 2, 3, 4);
		assertThat(reported.get(3).trainLoss()).isLessThan(reported.get(0).trainLoss() / 2);
		assertThat(reported.get(3).validationAccuracy()).isGreaterThanOrEqualTo(0.9);
		MultiLayerNetwork loaded = ModelFiles.load(checkpoint, Accelerations.AUTO);
		loaded.output(ExamplesIterator.inOrder(VALIDATION, 60, true).next().getFeatures(), false);
		assertThat(loaded.getLayer(0).getHelper()).isInstanceOf(MKLDNNConvHelper.class);
		assertThat(helperFailures(loaded.getLayer(0))).isZero();
	}

	private static void assertRunsThroughOneDnn(MultiLayerNetwork network) throws Exception {
		assertThat(network.getLayer(0).getHelper()).isInstanceOf(MKLDNNConvHelper.class);
		assertThat(network.getLayer(1).getHelper()).isInstanceOf(MKLDNNBatchNormHelper.class);
		assertThat(network.getLayer(2).getHelper()).isInstanceOf(MKLDNNSubsamplingHelper.class);
		for (int i = 0; i < 3; i++) {
			// a helper that throws is counted and skipped in favour of DL4J's own code
			assertThat(helperFailures(network.getLayer(i))).as("helper failures in layer %d", i).isZero();
		}
		// the convolution and batch-norm helpers create their native op context on first
		// use (pooling uses its helper only in backprop, without a kept context: its
		// forward pass is a native op anyway)
		assertThat(field(network.getLayer(0).getHelper(), "context")).isNotNull();
		assertThat(field(network.getLayer(1).getHelper(), "context")).isNotNull();
	}

	private static int helperFailures(Layer layer) throws ReflectiveOperationException {
		return (Integer) field(layer, "helperCountFail");
	}

	private static Object field(Object target, String name) throws ReflectiveOperationException {
		for (Class<?> type = target.getClass(); type != null; type = type.getSuperclass()) {
			try {
				Field field = type.getDeclaredField(name);
				field.setAccessible(true);
				return field.get(target);
			}
			catch (NoSuchFieldException ex) {
				// look further up
			}
		}
		throw new NoSuchFieldException(name + " in " + target.getClass());
	}

}
