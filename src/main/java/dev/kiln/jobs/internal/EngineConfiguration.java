package dev.kiln.jobs.internal;

import dev.kiln.engine.Trainer;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Builds the training engine, which knows nothing of Spring.
 */
@Configuration(proxyBeanMethods = false)
class EngineConfiguration {

	@Bean
	Trainer trainer() {
		return new Trainer();
	}

}
