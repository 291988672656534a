package dev.kiln;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import org.springframework.modulith.core.ApplicationModules;
import org.springframework.modulith.docs.Documenter;
import org.springframework.modulith.docs.Documenter.DiagramOptions;
import org.springframework.modulith.docs.Documenter.DiagramOptions.ElementsWithoutRelationships;

import static org.assertj.core.api.Assertions.fail;

/**
 * The module walls: no cycles, no reach into another module's {@code internal} packages,
 * and no dependency a module does not declare in its {@code package-info.java}
 * ({@code @ApplicationModule(allowedDependencies = ...)}, the "uses" column of
 * docs/architecture.md), where {@code "jobs :: models"} allows only the types of that
 * named interface. And the module diagrams in {@code docs/modules} are the ones the
 * modules draw today: with {@code -Dkiln.modules.write=true} the test rewrites them
 * instead.
 */
class ModularityTest {

	static final ApplicationModules MODULES = ApplicationModules.of(KilnApplication.class);

	static final Path COMMITTED = Path.of("docs", "modules");

	static final String REGENERATE = "./mvnw -B -ntp test -Dtest=ModularityTest -Dkiln.modules.write=true";

	@Test
	void modulesHaveNoCyclesAndUseOnlyTheApisOfTheModulesTheyDeclare() {
		MODULES.verify();
	}

	@Test
	void theCommittedModuleDiagramsAreTheOnesTheModulesDraw() throws IOException {
		boolean write = Boolean.getBoolean("kiln.modules.write");
		Path folder = write ? COMMITTED : Path.of("target", "modules");
		// the folder is emptied first: it holds the diagrams only
		DiagramOptions everyModule = DiagramOptions.defaults()
			.withElementsWithoutRelationships(ElementsWithoutRelationships.VISIBLE);
		new Documenter(MODULES, Documenter.Options.defaults().withOutputFolder(folder.toString()))
			.writeModulesAsPlantUml(everyModule)
			.writeIndividualModulesAsPlantUml();
		sortRelationships(folder);
		if (write) {
			System.out.println("Wrote the module diagrams to " + COMMITTED.toAbsolutePath());
			return;
		}
		Set<String> drawn = names(folder);
		Set<String> committed = Files.isDirectory(COMMITTED) ? names(COMMITTED) : Set.of();
		List<String> differences = new ArrayList<>();
		for (String name : union(drawn, committed)) {
			if (!committed.contains(name)) {
				differences.add(name + ": drawn, not committed");
			}
			else if (!drawn.contains(name)) {
				differences.add(name + ": committed, no longer drawn");
			}
			else if (!read(folder.resolve(name)).equals(read(COMMITTED.resolve(name)))) {
				differences.add(name + ": differs (compare with " + folder.resolve(name) + ")");
			}
		}
		if (!differences.isEmpty()) {
			fail("The module diagrams in %s are not the ones the modules draw:%n  %s%n"
					+ "If the change is meant, redraw them, review their diff and commit them:%n  %s", COMMITTED,
					String.join(System.lineSeparator() + "  ", differences), REGENERATE);
		}
	}

	/**
	 * Sorts each run of relationship lines: the Documenter writes them in an order that
	 * changes from run to run, which the diagrams do not depend on.
	 */
	private static void sortRelationships(Path folder) throws IOException {
		for (String name : names(folder)) {
			Path file = folder.resolve(name);
			List<String> lines = new ArrayList<>(List.of(read(file).split("\n", -1)));
			int start = 0;
			while (start < lines.size()) {
				int end = start;
				while (end < lines.size() && lines.get(end).startsWith("Rel(")) {
					end++;
				}
				if (end > start) {
					lines.subList(start, end).sort(null);
					start = end;
				}
				else {
					start++;
				}
			}
			Files.writeString(file, String.join("\n", lines), StandardCharsets.UTF_8);
		}
	}

	private static Set<String> names(Path folder) throws IOException {
		try (Stream<Path> files = Files.list(folder)) {
			return files.map((file) -> file.getFileName().toString()).collect(Collectors.toCollection(TreeSet::new));
		}
	}

	private static Set<String> union(Set<String> a, Set<String> b) {
		Set<String> all = new TreeSet<>(a);
		all.addAll(b);
		return all;
	}

	private static String read(Path file) throws IOException {
		return Files.readString(file, StandardCharsets.UTF_8).replace("\r\n", "\n");
	}

}
