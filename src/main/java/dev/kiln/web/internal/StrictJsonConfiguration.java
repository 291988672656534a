package dev.kiln.web.internal;

import tools.jackson.databind.cfg.CoercionAction;
import tools.jackson.databind.cfg.CoercionInputShape;
import tools.jackson.databind.cfg.MutableCoercionConfig;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.type.LogicalType;

import org.springframework.boot.jackson.autoconfigure.JsonMapperBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * A JSON value of the wrong type is a wrong type, answered 400 naming its path, never
 * read as the value it spells: {@code "epochs": "12"} is not the number 12,
 * {@code "name": 5} is not the name "5", {@code "admin": 1} or {@code "admin": "true"} is
 * not true, and {@code "epochs": ""} is not "left out". (Jackson converts all of these by
 * default.) Non-finite numbers stay readable from the strings {@code "NaN"},
 * {@code "Infinity"} and {@code "-Infinity"}, the form Kiln writes them in.
 */
@Configuration(proxyBeanMethods = false)
class StrictJsonConfiguration {

	@Bean
	JsonMapperBuilderCustomizer scalarsAreNotCoerced() {
		return StrictJsonConfiguration::refuseCoercions;
	}

	static void refuseCoercions(JsonMapper.Builder builder) {
		builder
			.withCoercionConfig(LogicalType.Textual,
					(config) -> refuse(config, CoercionInputShape.Integer, CoercionInputShape.Float,
							CoercionInputShape.Boolean))
			.withCoercionConfig(LogicalType.Integer,
					(config) -> refuse(config, CoercionInputShape.String, CoercionInputShape.EmptyString))
			.withCoercionConfig(LogicalType.Float,
					(config) -> refuse(config, CoercionInputShape.String, CoercionInputShape.EmptyString))
			.withCoercionConfig(LogicalType.Boolean, (config) -> refuse(config, CoercionInputShape.String,
					CoercionInputShape.EmptyString, CoercionInputShape.Integer, CoercionInputShape.Float));
	}

	private static void refuse(MutableCoercionConfig config, CoercionInputShape... shapes) {
		for (CoercionInputShape shape : shapes) {
			config.setCoercion(shape, CoercionAction.Fail);
		}
	}

}
