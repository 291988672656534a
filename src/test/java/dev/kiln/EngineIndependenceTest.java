package dev.kiln;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;

/**
 * The training engine is plain Java and DL4J: it may use the JDK, DL4J and ND4J (with the
 * libraries they bring) and itself, nothing else, so Spring, JPA, servlets and the rest
 * of Kiln stay out of it and it runs (and is tested) without a web server or a database.
 * An allow-list: a new dependency is a decision, not an accident. The module's
 * {@code package-info} is left out: its only dependency is the Spring Modulith annotation
 * that declares this same wall to {@code ModularityTest}.
 */
@AnalyzeClasses(packages = "dev.kiln", importOptions = ImportOption.DoNotIncludeTests.class)
class EngineIndependenceTest {

	@ArchTest
	static final ArchRule engineUsesOnlyTheJdkDl4jAndItself = classes().that()
		.resideInAPackage("dev.kiln.engine..")
		.and()
		.doNotHaveSimpleName("package-info")
		.should()
		.onlyDependOnClassesThat()
		.resideInAnyPackage("java..", "dev.kiln.engine..", "org.deeplearning4j..", "org.nd4j..", "org.bytedeco..");

	/**
	 * The job-spec language compiles to DL4J's configuration; it knows nothing of how
	 * jobs are stored, run or served. Its records carry Jackson's and OpenAPI's
	 * annotations (how they read from JSON and how the API document describes them),
	 * nothing more.
	 */
	@ArchTest
	static final ArchRule specUsesOnlyTheJdkDl4jAndJackson = classes().that()
		.resideInAPackage("dev.kiln.spec..")
		.and()
		.doNotHaveSimpleName("package-info")
		.should()
		.onlyDependOnClassesThat()
		.resideInAnyPackage("java..", "dev.kiln.spec..", "org.deeplearning4j..", "org.nd4j..",
				"com.fasterxml.jackson.annotation..", "io.swagger.v3.oas.annotations..");

}
