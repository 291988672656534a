package dev.kiln;

import java.time.Clock;

import dev.kiln.engine.NativeRuntime;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.context.annotation.Bean;

/**
 * Kiln: train neural networks over HTTP.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
public class KilnApplication {

	public static void main(String[] args) {
		// before anything loads ND4J's native libraries
		NativeRuntime.prepareProcess();
		SpringApplication.run(KilnApplication.class, args);
	}

	@Bean
	Clock clock() {
		return Clock.systemUTC();
	}

}
