package dev.kiln;

import org.junit.jupiter.api.Test;
import org.springframework.modulith.core.ApplicationModules;

/**
 * The module walls: no cycles, no reach into another module's {@code internal} packages,
 * and no dependency a module does not declare in its {@code package-info.java}
 * ({@code @ApplicationModule(allowedDependencies = ...)}, the "uses" column of
 * docs/architecture.md).
 */
class ModularityTest {

	@Test
	void modulesHaveNoCyclesAndUseOnlyTheApisOfTheModulesTheyDeclare() {
		ApplicationModules.of(KilnApplication.class).verify();
	}

}
