package dev.kiln;

import com.tngtech.archunit.core.domain.JavaCall;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import org.bytedeco.javacpp.Pointer;
import org.nd4j.linalg.api.buffer.DataBuffer;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.assignableTo;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.equivalentTo;
import static com.tngtech.archunit.core.domain.properties.HasName.Predicates.nameMatching;
import static com.tngtech.archunit.core.domain.properties.HasOwner.Predicates.With.owner;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/**
 * Only Kiln's CPU implementations ({@code dev.kiln.engine.cpu}, used only with
 * accelerations on and ND4J's CPU backend) read or write an array's host memory directly:
 * NIO views of its buffer, its raw address, JavaCPP pointers to it. On CUDA an array's
 * host memory is a lazily made copy the device does not see, so everything else goes
 * through ND4J's ordinary API, which every backend runs.
 */
@AnalyzeClasses(packages = "dev.kiln", importOptions = ImportOption.DoNotIncludeTests.class)
class HostMemoryAccessTest {

	@ArchTest
	static final ArchRule noBufferViewsOrAddressesOutsideTheCpuAccelerations = noClasses().that()
		.resideOutsideOfPackage("dev.kiln.engine.cpu")
		.should()
		.callMethodWhere(JavaCall.Predicates.target(owner(assignableTo(DataBuffer.class)))
			.and(JavaCall.Predicates.target(nameMatching("asNio.*|addressPointer|pointer"))))
		.because("host memory is not the device's memory on a GPU");

	/**
	 * Each of these switches to Kiln's CPU implementations only when
	 * {@code Accelerations.active()}.
	 */
	@ArchTest
	static final ArchRule theCpuAccelerationsAreReachedOnlyBehindTheSwitch = classes().that()
		.resideInAPackage("dev.kiln.engine.cpu")
		.should()
		.onlyHaveDependentClassesThat(JavaClass.Predicates.belongTo(nameMatching(
				"dev\\.kiln\\.engine\\.cpu\\..*|dev\\.kiln\\.engine\\.(Trainer|ModelFiles|ExamplesIterator)")))
		.because("Trainer, ModelFiles and ExamplesIterator use them only when Accelerations.active()");

	/**
	 * {@code NativeEnvironment} points at the C library's environment strings, not at an
	 * array's memory.
	 */
	@ArchTest
	static final ArchRule noTypedPointersOutsideTheCpuAccelerations = noClasses().that()
		.resideOutsideOfPackage("dev.kiln.engine.cpu")
		.and()
		.doNotHaveFullyQualifiedName("dev.kiln.engine.NativeEnvironment")
		.should()
		.dependOnClassesThat(assignableTo(Pointer.class).and(not(equivalentTo(Pointer.class))))
		.because("host memory is not the device's memory on a GPU");

}
