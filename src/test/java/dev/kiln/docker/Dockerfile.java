package dev.kiln.docker;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.yaml.snakeyaml.Yaml;

/**
 * A Dockerfile read as its stages and instructions: enough to check what an image would
 * do where no Docker engine can build it. Comment lines are dropped (also inside
 * continued lines, as Docker does) and continued lines are joined.
 */
record Dockerfile(Path path, List<Stage> stages) {

	private static final Pattern FROM = Pattern.compile("(?i)(?:--platform=\\S+\\s+)?(\\S+)(?:\\s+AS\\s+(\\S+))?");

	static Dockerfile read(Path path) throws IOException {
		List<Stage> stages = new ArrayList<>();
		for (Instruction instruction : instructions(Files.readAllLines(path))) {
			if (instruction.keyword().equals("FROM")) {
				Matcher from = FROM.matcher(instruction.arguments());
				if (!from.matches()) {
					throw new IllegalArgumentException("unreadable FROM in " + path + ": " + instruction.arguments());
				}
				stages.add(new Stage(from.group(1), from.group(2), new ArrayList<>()));
			}
			else if (!stages.isEmpty()) {
				stages.get(stages.size() - 1).instructions().add(instruction);
			}
		}
		return new Dockerfile(path, stages);
	}

	private static List<Instruction> instructions(List<String> lines) {
		List<Instruction> instructions = new ArrayList<>();
		StringBuilder current = new StringBuilder();
		for (String line : lines) {
			String trimmed = line.strip();
			if (trimmed.startsWith("#") || (trimmed.isEmpty() && current.isEmpty())) {
				continue;
			}
			boolean continued = trimmed.endsWith("\\");
			current.append(continued ? trimmed.substring(0, trimmed.length() - 1) : trimmed).append(' ');
			if (!continued) {
				String text = current.toString().strip();
				int space = text.indexOf(' ');
				instructions.add(new Instruction(text.substring(0, space).toUpperCase(Locale.ROOT),
						text.substring(space + 1).strip()));
				current.setLength(0);
			}
		}
		return instructions;
	}

	Stage finalStage() {
		return this.stages.get(this.stages.size() - 1);
	}

	Optional<Stage> stage(String name) {
		return this.stages.stream().filter((stage) -> name.equals(stage.name())).findFirst();
	}

	record Stage(String image, String name, List<Instruction> instructions) {

		List<Instruction> all(String keyword) {
			return this.instructions.stream().filter((instruction) -> instruction.keyword().equals(keyword)).toList();
		}

		Optional<Instruction> last(String keyword) {
			List<Instruction> all = all(keyword);
			return all.isEmpty() ? Optional.empty() : Optional.of(all.get(all.size() - 1));
		}

	}

	record Instruction(String keyword, String arguments) {

		/** The words of an exec-form (JSON array) argument list, such as ENTRYPOINT's. */
		List<String> execForm() {
			if (!this.arguments.startsWith("[")) {
				throw new AssertionError(this.keyword + " is not in exec form: " + this.arguments);
			}
			List<?> words = new Yaml().load(this.arguments);
			return words.stream().map(String::valueOf).toList();
		}

	}

}
