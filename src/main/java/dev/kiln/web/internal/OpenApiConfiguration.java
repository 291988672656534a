package dev.kiln.web.internal;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import dev.kiln.web.Caller;
import io.swagger.v3.core.converter.ModelConverters;
import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.info.License;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import io.swagger.v3.oas.models.servers.Server;
import io.swagger.v3.oas.models.tags.Tag;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springdoc.core.customizers.OperationCustomizer;
import org.springdoc.core.utils.SpringDocUtils;
import tools.jackson.databind.JsonNode;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.ProblemDetail;

/**
 * The OpenAPI document springdoc serves at {@code /v3/api-docs}, which
 * {@code openapi/kiln.yaml} publishes: its description, the bearer scheme every operation
 * needs, a fixed relative server (so the document does not depend on the address it is
 * fetched from), and the problem documents of the error answers.
 */
@Configuration(proxyBeanMethods = false)
class OpenApiConfiguration {

	static final String API_KEY_SCHEME = "apiKey";

	static {
		// resolved from the authenticated request, never sent as a parameter
		SpringDocUtils.getConfig().addRequestWrapperToIgnore(Caller.class);
		// a ProblemDetail is written with its extension members at the top level
		SpringDocUtils.getConfig().replaceWithClass(ProblemDetail.class, ProblemDocument.class);
		// any JSON value, not the node class's getters
		SpringDocUtils.getConfig().replaceWithSchema(JsonNode.class, new Schema<>());
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
				.license(new License().name("Apache License 2.0").identifier("Apache-2.0")))
			.servers(List.of(new Server().url("/").description("The Kiln that serves this document")))
			.components(new Components().addSecuritySchemes(API_KEY_SCHEME,
					new SecurityScheme().type(SecurityScheme.Type.HTTP)
						.scheme("bearer")
						.description("An API key: the admin key Kiln writes to its data folder at first start, or "
								+ "one made with POST /api/v1/tenants/{id}/keys")))
			.addSecurityItem(new SecurityRequirement().addList(API_KEY_SCHEME));
	}

	@Bean
	OperationCustomizer problemResponses() {
		return new ProblemResponses();
	}

	/**
	 * The problem document's schema, which every error answer refers to whether or not a
	 * controller names it.
	 */
	@Bean
	OpenApiCustomizer problemSchema() {
		return (openApi) -> {
			Map<String, Schema> schemas = ModelConverters.getInstance(true).readAll(ProblemDocument.class);
			Components components = openApi.getComponents();
			if (components.getSchemas() == null) {
				components.setSchemas(new TreeMap<>());
			}
			schemas.forEach(components.getSchemas()::putIfAbsent);
		};
	}

	/** Tags by name: the order controllers are found in is no order to publish. */
	@Bean
	OpenApiCustomizer sortedTags() {
		return (openApi) -> {
			if (openApi.getTags() != null) {
				openApi.setTags(openApi.getTags().stream().sorted(Comparator.comparing(Tag::getName)).toList());
			}
		};
	}

}
