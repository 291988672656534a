package dev.kiln.jobs.internal.runtime;

import java.nio.file.Path;

import dev.kiln.engine.Accelerations;
import dev.kiln.engine.DeviceInventory;
import dev.kiln.engine.EngineSettings;
import dev.kiln.engine.NativeRuntime;
import dev.kiln.engine.Trainer;
import dev.kiln.jobs.JobsProperties;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Builds the training engine, which knows nothing of Spring, from Kiln's properties, and
 * loads its native runtime in the background at start-up.
 */
@Configuration(proxyBeanMethods = false)
class EngineConfiguration {

	@Bean
	EngineStartup engineStartup(EngineProperties properties, JobsProperties jobs,
			@Value("${kiln.data-dir}") Path dataDir) {
		// DL4J writes a memory report when a network runs out of memory; by default into
		// the working directory, which may be read-only or someone's checkout
		NativeRuntime.writeCrashDumpsTo(dataDir.resolve("crash-dumps"));
		// the node's workers share its cores: a CNN job gets cores / workers threads
		EngineSettings settings = new EngineSettings(properties.onednnHelpers(), properties.threads(),
				Math.max(1, jobs.workers()));
		// a job or prediction that needs the runtime before the loader got to it applies
		// these same settings
		NativeRuntime.request(settings);
		return new EngineStartup(() -> {
			NativeRuntime.configure(settings);
			return NativeRuntime.report();
		}).start();
	}

	/**
	 * Named {@code engine} in the health endpoint; see application.yaml's readiness
	 * group.
	 */
	@Bean
	EngineHealthIndicator engineHealthIndicator(EngineStartup startup, DeviceInventory inventory,
			Accelerations accelerations) {
		return new EngineHealthIndicator(startup, inventory.gpuCheck(), accelerations);
	}

	/** Whether Kiln's CPU implementations are swapped in (see {@link Accelerations}). */
	@Bean
	Accelerations accelerations(EngineProperties properties) {
		return properties.accelerations();
	}

	@Bean
	Trainer trainer(Accelerations accelerations) {
		return new Trainer(accelerations);
	}

}
