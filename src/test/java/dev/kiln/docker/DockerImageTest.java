package dev.kiln.docker;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.kiln.docker.Dockerfile.Instruction;
import dev.kiln.docker.Dockerfile.Stage;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The CPU and CUDA images, checked without a Docker engine: they package the jar the
 * build makes, run as a non-root user with the data folder as a volume, find the natives
 * unpacked at build time, stop on SIGTERM and report health through a public probe.
 */
class DockerImageTest {

	static final String READINESS = "/actuator/health/readiness";

	private static final Pattern JAR_IN_TARGET = Pattern.compile("target/(\\S+\\.jar)(?=\\s|$)");

	private static final Pattern CACHE_DIR = Pattern.compile("-Dorg\\.bytedeco\\.javacpp\\.cachedir=(\\S+)");

	@ParameterizedTest
	@ValueSource(strings = { "docker/Dockerfile", "docker/Dockerfile.cuda" })
	void theBuildStagePackagesTheJarTheMavenBuildMakes(String path) throws Exception {
		Stage build = buildStage(Dockerfile.read(Path.of(path)));
		String run = runs(build);
		assertThat(run).contains("./mvnw").contains(" package");
		if (path.endsWith(".cuda")) {
			assertThat(run).as("the GPU image builds the cuda profile").contains("-Pcuda");
		}
		Matcher jar = JAR_IN_TARGET.matcher(run);
		assertThat(jar.find()).as("a target/*.jar the build stage uses, in " + run).isTrue();
		String expected = KilnBuild.executableJarName();
		Pattern glob = globToRegex(jar.group(1));
		assertThat(glob.matcher(expected).matches()).as(jar.group(1) + " matches the jar the build makes, " + expected)
			.isTrue();
		assertThat(glob.matcher(expected + ".original").matches()).as("does not also match Boot's .jar.original")
			.isFalse();
	}

	@ParameterizedTest
	@ValueSource(strings = { "docker/Dockerfile", "docker/Dockerfile.cuda" })
	void theImageRunsTheExtractedApplicationJar(String path) throws Exception {
		Dockerfile dockerfile = Dockerfile.read(Path.of(path));
		Matcher name = Pattern.compile("--application-filename\\s+(\\S+)").matcher(runs(buildStage(dockerfile)));
		assertThat(name.find()).isTrue();
		Stage image = dockerfile.finalStage();
		assertThat(image.all("COPY")).extracting(Instruction::arguments)
			.contains("--from=build /build/app/application/ /app/");
		List<String> entrypoint = jvmCommand(path, image);
		assertThat(entrypoint.get(0)).as("the JVM is PID 1 and gets SIGTERM itself").isEqualTo("java");
		assertThat(entrypoint).containsSubsequence("-jar", "/app/" + name.group(1));
		assertThat(entrypoint).anyMatch((word) -> word.startsWith("-XX:MaxRAMPercentage="));
		assertThat(image.last("STOPSIGNAL").map(Instruction::arguments))
			.hasValueSatisfying((signal) -> assertThat(signal).isIn("SIGTERM", "TERM", "15"));
	}

	@ParameterizedTest
	@ValueSource(strings = { "docker/Dockerfile", "docker/Dockerfile.cuda" })
	void theContainerRunsAsANonRootUserThatOwnsTheDataVolume(String path) throws Exception {
		Stage image = Dockerfile.read(Path.of(path)).finalStage();
		String user = image.last("USER")
			.orElseThrow(() -> new AssertionError("no USER: the image runs as root"))
			.arguments();
		String userName = user.split(":")[0];
		assertThat(userName).isNotIn("root", "0");
		String runs = runs(image);
		assertThat(runs).as("the user is made in the image")
			.containsPattern("useradd [^&]*--uid [1-9][0-9]* [^&]*" + Pattern.quote(userName) + "(\\s|$)");
		assertThat(runs).as("the data folder belongs to the user before it becomes a volume")
			.containsPattern("chown " + Pattern.quote(userName) + "(:\\S+)? /data");
		assertThat(image.all("VOLUME")).extracting(Instruction::arguments).containsExactly("/data");
		assertThat(image.all("ENV")).extracting(Instruction::arguments)
			.anyMatch((env) -> env.matches("(.*\\s)?KILN_DATA_DIR=/data(\\s.*)?"));
	}

	@ParameterizedTest
	@ValueSource(strings = { "docker/Dockerfile", "docker/Dockerfile.cuda" })
	void theNativesAreUnpackedAtBuildTimeWhereTheApplicationLooksForThem(String path) throws Exception {
		Dockerfile dockerfile = Dockerfile.read(Path.of(path));
		Matcher built = CACHE_DIR.matcher(runs(buildStage(dockerfile)));
		assertThat(built.find()).as("the build stage unpacks the natives").isTrue();
		Stage image = dockerfile.finalStage();
		assertThat(image.all("COPY")).extracting(Instruction::arguments)
			.anyMatch((copy) -> copy.matches("--from=build (--chown=\\S+ )?" + Pattern.quote(built.group(1)) + " "
					+ Pattern.quote(built.group(1))));
		assertThat(image.last("ENTRYPOINT").orElseThrow().execForm())
			.contains("-Dorg.bytedeco.javacpp.cachedir=" + built.group(1));
	}

	@ParameterizedTest
	@ValueSource(strings = { "docker/Dockerfile", "docker/Dockerfile.cuda" })
	void theHealthCheckAsksThePublicReadinessProbe(String path) throws Exception {
		Stage image = Dockerfile.read(Path.of(path)).finalStage();
		String healthcheck = image.last("HEALTHCHECK").orElseThrow().arguments();
		List<String> command = new Instruction("CMD", healthcheck.substring(healthcheck.indexOf("CMD ") + 4))
			.execForm();
		assertThat(command).containsExactly("kiln-healthcheck", READINESS);
		assertThat(KilnBuild.isPublic(READINESS)).as(READINESS + " needs no API key").isTrue();
		assertThat(image.all("COPY")).extracting(Instruction::arguments)
			.anyMatch((copy) -> copy.endsWith("docker/healthcheck /usr/local/bin/kiln-healthcheck"));
		assertThat(image.all("EXPOSE")).extracting(Instruction::arguments).containsExactly("8080");
		assertThat(image.all("ENV")).extracting(Instruction::arguments)
			.anyMatch((env) -> env.matches("(.*\\s)?SERVER_PORT=8080(\\s.*)?"));
	}

	@ParameterizedTest
	@ValueSource(strings = { "docker/Dockerfile", "docker/Dockerfile.cuda" })
	void everyFileCopiedFromTheBuildContextExistsAndIsNotIgnored(String path) throws Exception {
		List<String> allowed = Files.readAllLines(Path.of(".dockerignore"))
			.stream()
			.filter((line) -> line.startsWith("!"))
			.map((line) -> line.substring(1).replaceAll("/$", ""))
			.toList();
		assertThat(Files.readAllLines(Path.of(".dockerignore"))).as("an allow-list: everything else is ignored")
			.contains("*");
		for (Stage stage : Dockerfile.read(Path.of(path)).stages()) {
			for (Instruction copy : stage.all("COPY")) {
				List<String> words = List.of(copy.arguments().split("\\s+"));
				if (words.stream().anyMatch((word) -> word.startsWith("--from="))) {
					continue;
				}
				List<String> sources = words.stream().filter((word) -> !word.startsWith("--")).toList();
				for (String source : sources.subList(0, sources.size() - 1)) {
					assertThat(Path.of(source)).as("COPY source").exists();
					assertThat(allowed).as(source + " is in the build context (.dockerignore)")
						.anyMatch((entry) -> source.equals(entry) || source.startsWith(entry + "/"));
				}
			}
		}
	}

	@Test
	void theHealthCheckScriptPassesOnlyWhileTheProbeAnswers200() throws Exception {
		HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
		int[] status = { 503 };
		server.createContext("/actuator/health/readiness", (exchange) -> {
			byte[] body = "{\"status\":\"OUT_OF_SERVICE\"}".getBytes();
			exchange.sendResponseHeaders(status[0], body.length);
			exchange.getResponseBody().write(body);
			exchange.close();
		});
		server.start();
		int port = server.getAddress().getPort();
		try {
			assertThat(healthcheck(port, READINESS)).as("not ready yet").isEqualTo(1);
			status[0] = 200;
			assertThat(healthcheck(port, READINESS)).as("ready").isZero();
			assertThat(healthcheck(port, "/actuator/health/unknown")).as("a path that answers 404").isEqualTo(1);
		}
		finally {
			server.stop(0);
		}
		assertThat(healthcheck(port, READINESS)).as("nothing listening").isEqualTo(1);
	}

	private static int healthcheck(int port, String path) throws IOException, InterruptedException {
		ProcessBuilder builder = new ProcessBuilder("bash", "docker/healthcheck", path).redirectErrorStream(true)
			.redirectOutput(ProcessBuilder.Redirect.DISCARD);
		Map<String, String> environment = builder.environment();
		environment.put("SERVER_PORT", Integer.toString(port));
		Process process = builder.start();
		assertThat(process.waitFor(10, TimeUnit.SECONDS)).as("the health check returns").isTrue();
		return process.exitValue();
	}

	/**
	 * The command that starts the JVM: the ENTRYPOINT itself, or in the CUDA image what
	 * its entrypoint script execs after checking the GPUs, so that the JVM still replaces
	 * the shell as PID 1.
	 */
	private static List<String> jvmCommand(String path, Stage image) throws IOException {
		List<String> entrypoint = image.last("ENTRYPOINT").orElseThrow().execForm();
		if (!path.endsWith(".cuda")) {
			return entrypoint;
		}
		assertThat(entrypoint.get(0)).isEqualTo(CudaEntrypointTest.INSTALLED);
		assertThat(image.all("COPY")).extracting(Instruction::arguments)
			.anyMatch((copy) -> copy.endsWith(CudaEntrypointTest.SCRIPT + " " + CudaEntrypointTest.INSTALLED)
					|| copy.endsWith(CudaEntrypointTest.SCRIPT + " /usr/local/bin/" + CudaEntrypointTest.INSTALLED));
		List<String> lines = Files.readAllLines(Path.of(CudaEntrypointTest.SCRIPT));
		assertThat(lines.get(lines.size() - 1)).as("the script ends by exec-ing its arguments")
			.isEqualTo("exec \"$@\"");
		return entrypoint.subList(1, entrypoint.size());
	}

	private static Stage buildStage(Dockerfile dockerfile) {
		return dockerfile.stage("build").orElseThrow(() -> new AssertionError("no stage named build"));
	}

	/** The stage's RUN commands, with the stage's ARG defaults filled in. */
	private static String runs(Stage stage) {
		String runs = String.join("\n", stage.all("RUN").stream().map(Instruction::arguments).toList());
		for (Instruction arg : stage.all("ARG")) {
			String[] nameAndDefault = arg.arguments().split("=", 2);
			if (nameAndDefault.length == 2) {
				runs = runs.replace("${" + nameAndDefault[0] + "}", nameAndDefault[1]);
			}
		}
		return runs;
	}

	/** A shell glob (*, ?) as a regular expression over a file name. */
	private static Pattern globToRegex(String glob) {
		StringBuilder regex = new StringBuilder();
		for (char c : glob.toCharArray()) {
			switch (c) {
				case '*' -> regex.append("[^/]*");
				case '?' -> regex.append("[^/]");
				default -> regex.append(Pattern.quote(String.valueOf(c)));
			}
		}
		return Pattern.compile(regex.toString());
	}

}
