package dev.kiln.spec;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonFormat;
import io.swagger.v3.oas.annotations.media.Schema;

/**
 * One layer. Which fields apply depends on {@code type}: dense, conv2d, maxpool2d,
 * avgpool2d, dropout, batchnorm, lstm, output.
 *
 * @param kernel {@code [h, w]}, or one number for a square kernel
 * @param rate for a dropout layer: the probability of dropping an activation
 * @param dropout for dense, conv2d, lstm and output layers: the probability of dropping
 * an input of this layer
 */
@Schema(description = "One layer; which fields apply depends on its type")
public record LayerSpec(
		@Schema(description = "dense, conv2d, maxpool2d, avgpool2d, dropout, batchnorm, lstm or output",
				example = "dense") String type,
		Integer units, Integer filters,
		@JsonFormat(with = JsonFormat.Feature.ACCEPT_SINGLE_VALUE_AS_ARRAY) List<Integer> kernel,
		@JsonFormat(with = JsonFormat.Feature.ACCEPT_SINGLE_VALUE_AS_ARRAY) List<Integer> stride, String padding,
		String activation, Double rate, Double dropout, String loss, String weightInit) {
}
