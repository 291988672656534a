package dev.kiln;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/**
 * The training engine is plain Java and DL4J: Spring, JPA, servlets and the rest of Kiln
 * stay out of it, so it can run (and be tested) without a web server or a database.
 */
@AnalyzeClasses(packages = "dev.kiln", importOptions = ImportOption.DoNotIncludeTests.class)
class EngineIndependenceTest {

	@ArchTest
	static final ArchRule engineImportsNoFrameworkOrOtherModule = noClasses().that()
		.resideInAPackage("dev.kiln.engine..")
		.should()
		.dependOnClassesThat()
		.resideInAnyPackage("org.springframework..", "jakarta.persistence..", "jakarta.servlet..", "org.hibernate..",
				"dev.kiln.web..", "dev.kiln.jobs..", "dev.kiln.datasets..", "dev.kiln.spec..", "dev.kiln.metrics..",
				"dev.kiln.checkpoints..", "dev.kiln.inference..");

}
