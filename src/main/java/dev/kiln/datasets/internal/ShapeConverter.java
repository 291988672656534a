package dev.kiln.datasets.internal;

import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

import jakarta.persistence.AttributeConverter;
import jakarta.persistence.Converter;

/**
 * Stores a feature shape as comma-separated integers: {@code [8, 8, 1]} is
 * {@code "8,8,1"}.
 */
@Converter
class ShapeConverter implements AttributeConverter<List<Integer>, String> {

	@Override
	public String convertToDatabaseColumn(List<Integer> shape) {
		return (shape != null) ? format(shape) : null;
	}

	static String format(List<Integer> shape) {
		return shape.stream().map(String::valueOf).collect(Collectors.joining(","));
	}

	@Override
	public List<Integer> convertToEntityAttribute(String column) {
		if (column == null || column.isBlank()) {
			return List.of();
		}
		return Arrays.stream(column.split(",")).map(String::trim).map(Integer::valueOf).toList();
	}

}
