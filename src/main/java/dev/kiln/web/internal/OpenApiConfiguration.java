package dev.kiln.web.internal;

import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.info.License;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class OpenApiConfiguration {

	@Bean
	OpenAPI kilnOpenApi() {
		return new OpenAPI().info(new Info().title("Kiln API")
			.version("v1")
			.description("Train neural networks over HTTP: register datasets, submit training jobs, follow their "
					+ "metrics and checkpoints, evaluate on the test split and predict. Errors are RFC 9457 "
					+ "problem documents.")
			.license(new License().name("Apache-2.0")));
	}

}
