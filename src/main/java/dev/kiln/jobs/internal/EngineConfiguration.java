package dev.kiln.jobs.internal;

import dev.kiln.engine.EngineSettings;
import dev.kiln.engine.NativeRuntime;
import dev.kiln.engine.Trainer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Builds the training engine, which knows nothing of Spring, from Kiln's properties, and
 * applies its native settings once at start-up.
 */
@Configuration(proxyBeanMethods = false)
class EngineConfiguration {

	private static final Logger log = LoggerFactory.getLogger(EngineConfiguration.class);

	@Bean
	Trainer trainer(EngineProperties properties) {
		NativeRuntime.configure(new EngineSettings(properties.onednnHelpers(), properties.threads()));
		log.info("Native runtime: {}", NativeRuntime.report());
		return new Trainer();
	}

}
