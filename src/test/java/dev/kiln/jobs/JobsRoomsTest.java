package dev.kiln.jobs;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/**
 * The rooms of {@code jobs/internal} are stacked, so that imports run one way: the web
 * API on top; the queue, which hands claimed jobs to the runner; the run; the live
 * events; the job's lifecycle and row; at the bottom, what a job costs and whether it
 * fits. The engine's runtime on this node stands beside them.
 */
@AnalyzeClasses(packages = "dev.kiln.jobs", importOptions = ImportOption.DoNotIncludeTests.class)
class JobsRoomsTest {

	private static final String ROOMS = "dev.kiln.jobs.internal.";

	@ArchTest
	static final ArchRule roomsImportOneWay = layeredArchitecture().consideringOnlyDependenciesInLayers()
		.layer("api")
		.definedBy(ROOMS + "api..")
		.layer("queue")
		.definedBy(ROOMS + "queue..")
		.layer("run")
		.definedBy(ROOMS + "run..")
		.layer("events")
		.definedBy(ROOMS + "events..")
		.layer("lifecycle")
		.definedBy(ROOMS + "lifecycle..")
		.layer("plan")
		.definedBy(ROOMS + "plan..")
		.layer("runtime")
		.definedBy(ROOMS + "runtime..")
		.whereLayer("api")
		.mayNotBeAccessedByAnyLayer()
		.whereLayer("queue")
		.mayOnlyBeAccessedByLayers("api")
		.whereLayer("run")
		.mayOnlyBeAccessedByLayers("api", "queue")
		.whereLayer("events")
		.mayOnlyBeAccessedByLayers("api", "queue", "run")
		.whereLayer("lifecycle")
		.mayOnlyBeAccessedByLayers("api", "queue", "run", "events")
		.whereLayer("plan")
		.mayOnlyBeAccessedByLayers("api", "queue", "run", "events", "lifecycle")
		.whereLayer("runtime")
		.mayNotBeAccessedByAnyLayer();

	@ArchTest
	static final ArchRule roomsFormNoCycles = slices().matching("dev.kiln.jobs.internal.(*)..")
		.should()
		.beFreeOfCycles();

}
