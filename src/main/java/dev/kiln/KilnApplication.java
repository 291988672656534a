package dev.kiln;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/**
 * Kiln: train neural networks over HTTP.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
public class KilnApplication {

	public static void main(String[] args) {
		SpringApplication.run(KilnApplication.class, args);
	}

}
