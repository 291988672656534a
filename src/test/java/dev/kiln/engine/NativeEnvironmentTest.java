package dev.kiln.engine;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.factory.Nd4j;

import static org.assertj.core.api.Assertions.assertThat;

class NativeEnvironmentTest {

	@Test
	void aVariableIsAddedToTheCLibrarysEnvironmentOnce() {
		String name = "KILN_TEST_" + UUID.randomUUID().toString().replace('-', '_');

		assertThat(NativeEnvironment.get(name)).isNull();
		assertThat(NativeEnvironment.setIfAbsent(name, "first")).isTrue();
		assertThat(NativeEnvironment.get(name)).isEqualTo("first");

		assertThat(NativeEnvironment.setIfAbsent(name, "second")).isFalse();
		assertThat(NativeEnvironment.get(name)).isEqualTo("first");
	}

	@Test
	void whatTheProcessWasStartedWithStands() {
		String path = System.getenv("PATH");

		assertThat(NativeEnvironment.setIfAbsent("PATH", "/nowhere")).isFalse();
		assertThat(NativeEnvironment.get("PATH")).isEqualTo(path);
	}

	/**
	 * What OpenMP itself read as it loaded, printed by OpenMP ({@code OMP_DISPLAY_ENV})
	 * in a fresh JVM: a short spin (libgomp's default is 300,000 rounds) unless the
	 * process was started with a policy or a count of its own.
	 */
	@Test
	void openMpLoadsWithAShortSpinUnlessThePolicyOrCountWasGiven() throws Exception {
		assertThat(openMpSettingsOfAFreshProcess(Map.of())).contains("GOMP_SPINCOUNT = '1000'");
		assertThat(openMpSettingsOfAFreshProcess(Map.of(NativeRuntime.OMP_WAIT_POLICY, "ACTIVE")))
			.contains("OMP_WAIT_POLICY = 'ACTIVE'")
			.contains("GOMP_SPINCOUNT = '30000000000'");
		assertThat(openMpSettingsOfAFreshProcess(Map.of(NativeRuntime.GOMP_SPINCOUNT, "7")))
			.contains("GOMP_SPINCOUNT = '7'");
	}

	private static String openMpSettingsOfAFreshProcess(Map<String, String> environment)
			throws IOException, InterruptedException {
		String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
		ProcessBuilder builder = new ProcessBuilder(java, "-Xmx256m", "-cp", System.getProperty("java.class.path"),
				FreshProcess.class.getName())
			.redirectErrorStream(true);
		builder.environment().remove(NativeRuntime.OMP_WAIT_POLICY);
		builder.environment().remove(NativeRuntime.GOMP_SPINCOUNT);
		builder.environment().put("OMP_DISPLAY_ENV", "VERBOSE");
		builder.environment().putAll(environment);
		Process process = builder.start();
		String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		assertThat(process.waitFor(2, TimeUnit.MINUTES)).isTrue();
		assertThat(process.exitValue()).as(output).isZero();
		assertThat(output).as("OpenMP's display of its settings").contains("OPENMP DISPLAY ENVIRONMENT BEGIN");
		return output;
	}

	@Test
	void theReportNamesTheWaitPolicyOpenMpGets() {
		// this JVM was prepared (or its tests started with a policy): never OpenMP's
		// default
		NativeRuntime.prepareProcess();
		assertThat(NativeRuntime.report().waitPolicy()).containsAnyOf("GOMP_SPINCOUNT=", "OMP_WAIT_POLICY=");
	}

	/** Kiln's start-up order: the process prepared, then ND4J loaded. */
	static final class FreshProcess {

		public static void main(String[] args) {
			NativeRuntime.prepareProcess();
			System.out.println(List.of(Nd4j.create(new float[] { 1, 2 }).sumNumber()));
		}

	}

}
