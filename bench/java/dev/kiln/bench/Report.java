package dev.kiln.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * The suite's figures: printed as a table and written as JSON. A figure may carry a
 * target (at least or at most a bound); it is then reported as met or missed.
 */
final class Report {

	enum Bound {

		AT_LEAST(">="), AT_MOST("<=");

		final String symbol;

		Bound(String symbol) {
			this.symbol = symbol;
		}

	}

	/** A target a figure should meet. */
	record Target(Bound bound, double value) {

		static Target atLeast(double value) {
			return new Target(Bound.AT_LEAST, value);
		}

		static Target atMost(double value) {
			return new Target(Bound.AT_MOST, value);
		}

		boolean metBy(double figure) {
			return (this.bound == Bound.AT_LEAST) ? figure >= this.value : figure <= this.value;
		}

		@Override
		public String toString() {
			return this.bound.symbol + " " + format(this.value);
		}

	}

	/**
	 * @param section which part of the suite measured it
	 * @param name what it is
	 * @param value the figure (NaN when it could not be measured)
	 * @param unit its unit ("x" for ratios)
	 * @param target what it should be, or null
	 * @param note how it was measured, or why it is missing
	 */
	record Figure(String section, String name, double value, String unit, Target target, String note) {

		String verdict() {
			if (this.target == null) {
				return "";
			}
			if (Double.isNaN(this.value)) {
				return "not measured";
			}
			return this.target.metBy(this.value) ? "met" : "MISSED";
		}

	}

	private final List<Figure> figures = new ArrayList<>();

	private final Map<String, Object> context = new LinkedHashMap<>();

	synchronized void add(Figure figure) {
		this.figures.add(figure);
	}

	void add(String section, String name, double value, String unit, Target target, String note) {
		add(new Figure(section, name, value, unit, target, note));
	}

	void add(String section, String name, double value, String unit) {
		add(section, name, value, unit, null, null);
	}

	/** Facts about the run (date, machine, versions, command) kept with the figures. */
	void context(String key, Object value) {
		this.context.put(key, value);
	}

	List<Figure> figures() {
		return List.copyOf(this.figures);
	}

	Figure figure(String section, String name) {
		return this.figures.stream()
			.filter((f) -> f.section().equals(section) && f.name().equals(name))
			.findFirst()
			.orElse(null);
	}

	/** The figures as an aligned plain-text table, grouped by section. */
	String table() {
		int nameWidth = this.figures.stream().mapToInt((f) -> f.name().length()).max().orElse(10);
		Map<String, List<Figure>> bySection = new LinkedHashMap<>();
		for (Figure figure : this.figures) {
			bySection.computeIfAbsent(figure.section(), (k) -> new ArrayList<>()).add(figure);
		}
		StringBuilder out = new StringBuilder();
		bySection.forEach((section, figures) -> {
			out.append('\n').append(section).append('\n');
			figures.forEach((figure) -> row(out, figure, nameWidth));
		});
		return out.toString();
	}

	private static void row(StringBuilder out, Figure figure, int nameWidth) {
		String value = Double.isNaN(figure.value()) ? "-" : format(figure.value()) + " " + figure.unit();
		String target = (figure.target() != null) ? "target " + figure.target() : "";
		out.append(String.format(Locale.ROOT, "  %-" + nameWidth + "s  %16s  %-16s %-12s %s%n", figure.name(), value,
				target, figure.verdict(), (figure.note() != null) ? figure.note() : ""));
	}

	void writeJson(Path file) throws IOException {
		Map<String, Object> document = new LinkedHashMap<>(this.context);
		List<Map<String, Object>> rows = new ArrayList<>();
		for (Figure figure : this.figures) {
			Map<String, Object> row = new LinkedHashMap<>();
			row.put("section", figure.section());
			row.put("name", figure.name());
			row.put("value", Double.isNaN(figure.value()) ? null : figure.value());
			row.put("unit", figure.unit());
			if (figure.target() != null) {
				row.put("target", figure.target().toString());
				row.put("verdict", figure.verdict());
			}
			if (figure.note() != null) {
				row.put("note", figure.note());
			}
			rows.add(row);
		}
		document.put("figures", rows);
		Path parent = file.toAbsolutePath().getParent();
		Files.createDirectories(parent);
		JsonMapper.builder()
			.enable(SerializationFeature.INDENT_OUTPUT)
			.build()
			.writeValue(file.toFile(), document);
	}

	static String format(double value) {
		double magnitude = Math.abs(value);
		if (magnitude >= 1000) {
			return String.format(Locale.ROOT, "%,.0f", value);
		}
		if (magnitude >= 100) {
			return String.format(Locale.ROOT, "%.1f", value);
		}
		if (magnitude >= 1) {
			return String.format(Locale.ROOT, "%.2f", value);
		}
		return String.format(Locale.ROOT, "%.3f", value);
	}

}
