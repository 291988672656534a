package dev.kiln.web.internal;

import dev.kiln.web.Caller;
import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.info.License;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import org.springdoc.core.customizers.OperationCustomizer;
import org.springdoc.core.utils.SpringDocUtils;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class OpenApiConfiguration {

	static final String API_KEY_SCHEME = "apiKey";

	static {
		// resolved from the authenticated request, never sent as a parameter
		SpringDocUtils.getConfig().addRequestWrapperToIgnore(Caller.class);
	}

	@Bean
	OpenAPI kilnOpenApi() {
		return new OpenAPI()
			.info(new Info().title("Kiln API")
				.version("v1")
				.description("Train neural networks over HTTP: register datasets, submit training jobs, follow their "
						+ "metrics and checkpoints, evaluate on the test split and predict. Every endpoint needs an "
						+ "API key, sent as 'Authorization: Bearer <key>'; a tenant sees only its own datasets, jobs "
						+ "and checkpoints (and the built-in datasets). Errors are RFC 9457 problem documents.")
				.license(new License().name("Apache-2.0")))
			.components(new Components().addSecuritySchemes(API_KEY_SCHEME,
					new SecurityScheme().type(SecurityScheme.Type.HTTP)
						.scheme("bearer")
						.description("An API key: the admin key Kiln writes to its data folder at first start, or "
								+ "one made with POST /api/v1/tenants/{id}/keys")))
			.addSecurityItem(new SecurityRequirement().addList(API_KEY_SCHEME));
	}

	/** Every operation can answer 401: none is documented without it. */
	@Bean
	OperationCustomizer unauthenticatedResponse() {
		return (operation, handlerMethod) -> {
			operation.getResponses()
				.addApiResponse("401", new ApiResponse()
					.description("No API key, or one that is unknown or revoked (unauthenticated)")
					.content(new Content().addMediaType(
							org.springframework.http.MediaType.APPLICATION_PROBLEM_JSON_VALUE,
							new MediaType().schema(new Schema<>().$ref("#/components/schemas/ProblemDetail")))));
			return operation;
		};
	}

}
