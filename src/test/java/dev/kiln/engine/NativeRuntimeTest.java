package dev.kiln.engine;

import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class NativeRuntimeTest {

	@AfterEach
	void restoreDefaults() {
		NativeRuntime.request(null);
		NativeRuntime.configure(EngineSettings.defaults());
	}

	@Test
	void theFirstCallerOfAnUnconfiguredRuntimeAppliesTheRequestedSettings() throws Exception {
		forgetSettings();
		NativeRuntime.request(new EngineSettings(false, 3));

		EngineSettings applied = NativeRuntime.settings();

		assertThat(applied).isEqualTo(new EngineSettings(false, 3));
		assertThat(NativeRuntime.oneDnnHelpersActive()).isFalse();
		assertThat(NativeRuntime.threadsFor(TestNetworks.cnn())).isEqualTo(3);
		// a network without convolutions trains on one thread whatever the count
		assertThat(NativeRuntime.threadsFor(TestNetworks.mlp())).isEqualTo(1);
	}

	@Test
	void withoutARequestTheDefaultsApply() throws Exception {
		forgetSettings();
		NativeRuntime.request(null);

		assertThat(NativeRuntime.settings()).isEqualTo(EngineSettings.defaults());
	}

	@Test
	void concurrentJobsShareTheCoresAmongTheirConvolutionNetworks() {
		int processors = Runtime.getRuntime().availableProcessors();
		NativeRuntime.configure(new EngineSettings(true, 0, 1));
		assertThat(NativeRuntime.threadsFor(TestNetworks.cnn())).isEqualTo(processors);
		assertThat(NativeRuntime.threadsFor(TestNetworks.mlp())).isEqualTo(1);

		NativeRuntime.configure(new EngineSettings(true, 0, 2));
		assertThat(NativeRuntime.threadsFor(TestNetworks.cnn())).isEqualTo(Math.max(1, processors / 2));
		assertThat(NativeRuntime.threadsFor(TestNetworks.mlp())).isEqualTo(1);

		// an explicit count is kept whatever the concurrency
		NativeRuntime.configure(new EngineSettings(true, 3, 4));
		assertThat(NativeRuntime.threadsFor(TestNetworks.cnn())).isEqualTo(3);
	}

	@Test
	void theRuleCanBeAskedForOtherSettingsAndMachines() {
		assertThat(NativeRuntime.threadsFor(TestNetworks.cnn(), new EngineSettings(true, 0, 2), 8)).isEqualTo(4);
		assertThat(NativeRuntime.threadsFor(TestNetworks.cnn(), new EngineSettings(true, 3, 2), 8)).isEqualTo(3);
		assertThat(NativeRuntime.threadsFor(TestNetworks.mlp(), new EngineSettings(true, 3, 1), 8)).isEqualTo(1);
	}

	@Test
	void eachJobGetsItsShareOfTheCoresButAtLeastOne() {
		assertThat(NativeRuntime.sharedCores(8, 1)).isEqualTo(8);
		assertThat(NativeRuntime.sharedCores(8, 3)).isEqualTo(2);
		assertThat(NativeRuntime.sharedCores(2, 2)).isEqualTo(1);
		assertThat(NativeRuntime.sharedCores(2, 5)).isEqualTo(1);
		assertThatIllegalArgumentException().isThrownBy(() -> new EngineSettings(true, 0, 0));
	}

	/** As in a process where nothing has configured the runtime yet. */
	private static void forgetSettings() throws ReflectiveOperationException {
		java.lang.reflect.Field settings = NativeRuntime.class.getDeclaredField("settings");
		settings.setAccessible(true);
		settings.set(null, null);
	}

	@Test
	void configuringPutsOpenBlasOnOneThreadAndEnablesOneDnnHelpers() {
		NativeRuntime.configure(EngineSettings.defaults());

		NativeRuntime.Report report = NativeRuntime.report();

		assertThat(report.blasThreads()).isEqualTo(1);
		assertThat(report.oneDnnHelpers()).isTrue();
	}

	@Test
	void threadsApplyToNd4jLoopsAndToOpenMpOnTheCallingThread() {
		NativeRuntime.useThreads(1);
		NativeRuntime.Report single = NativeRuntime.report();
		NativeRuntime.useThreads(2);
		NativeRuntime.Report two = NativeRuntime.report();

		assertThat(single.loopThreads()).isEqualTo(1);
		assertThat(single.openMpThreads()).isEqualTo(1);
		assertThat(two.loopThreads()).isEqualTo(Math.min(2, two.poolThreads()));
		assertThat(two.openMpThreads()).isEqualTo(2);
		assertThatIllegalArgumentException().isThrownBy(() -> NativeRuntime.useThreads(0));
	}

	@Test
	void automaticThreadsAreAllProcessorsForConvolutionsAndOneOtherwise() {
		assertThat(NativeRuntime.threadsFor(TestNetworks.cnn())).isEqualTo(Runtime.getRuntime().availableProcessors());
		assertThat(NativeRuntime.threadsFor(TestNetworks.mlp())).isEqualTo(1);

		NativeRuntime.configure(new EngineSettings(true, 3));

		assertThat(NativeRuntime.threadsFor(TestNetworks.cnn())).isEqualTo(3);
		assertThat(NativeRuntime.threadsFor(TestNetworks.mlp())).isEqualTo(1);
	}

	@Test
	void helpersCanBeSwitchedOff() {
		NativeRuntime.configure(new EngineSettings(false, 0));
		MultiLayerNetwork network = new MultiLayerNetwork(TestNetworks.cnn());
		network.init();

		assertThat(NativeRuntime.oneDnnHelpersActive()).isFalse();
		assertThat(network.getLayer(0).getHelper()).isNull();
	}

	@Test
	void physicalMemoryCheckIsSwitchedOffUnlessSetExplicitly() {
		String before = System.getProperty(NativeRuntime.MAX_PHYSICAL_BYTES);
		try {
			System.clearProperty(NativeRuntime.MAX_PHYSICAL_BYTES);
			NativeRuntime.prepareProcess();
			assertThat(System.getProperty(NativeRuntime.MAX_PHYSICAL_BYTES)).isEqualTo("0");

			System.setProperty(NativeRuntime.MAX_PHYSICAL_BYTES, "8g");
			NativeRuntime.prepareProcess();
			assertThat(System.getProperty(NativeRuntime.MAX_PHYSICAL_BYTES)).isEqualTo("8g");
		}
		finally {
			if (before != null) {
				System.setProperty(NativeRuntime.MAX_PHYSICAL_BYTES, before);
			}
			else {
				System.clearProperty(NativeRuntime.MAX_PHYSICAL_BYTES);
			}
		}
	}

}
