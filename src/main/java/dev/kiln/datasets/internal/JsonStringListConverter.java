package dev.kiln.datasets.internal;

import java.util.List;

import jakarta.persistence.AttributeConverter;
import jakarta.persistence.Converter;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * Stores a list of strings as a JSON array: {@code ["setosa","versicolor"]}.
 */
@Converter
class JsonStringListConverter implements AttributeConverter<List<String>, String> {

	private static final TypeReference<List<String>> STRING_LIST = new TypeReference<>() {
	};

	@Override
	public String convertToDatabaseColumn(List<String> values) {
		return (values != null) ? JsonMapper.shared().writeValueAsString(values) : null;
	}

	@Override
	public List<String> convertToEntityAttribute(String column) {
		return (column != null) ? List.copyOf(JsonMapper.shared().readValue(column, STRING_LIST)) : List.of();
	}

}
