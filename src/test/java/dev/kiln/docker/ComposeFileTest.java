package dev.kiln.docker;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.yaml.snakeyaml.Yaml;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * compose.yaml, read as Docker Compose reads it (YAML anchors and merge keys resolved):
 * PostgreSQL with a health check and a volume, an API node and two workers sharing one
 * data volume and the database, and a gpu profile with a CUDA worker on NVIDIA devices.
 * (docker/check also has Docker Compose itself parse the file where it is installed.)
 */
class ComposeFileTest {

	private static final List<String> KILN_SERVICES = List.of("api", "worker", "gpu-worker");

	private static final Pattern DURATION_PART = Pattern.compile("(\\d+)(ms|h|m|s)");

	private static Map<String, Object> compose;

	@BeforeAll
	static void readComposeFile() throws IOException {
		try (Reader reader = Files.newBufferedReader(Path.of("compose.yaml"))) {
			compose = new Yaml().load(reader);
		}
	}

	@Test
	void definesPostgresTheKilnNodesAndTheirVolumes() {
		assertThat(map(compose, "services")).containsKeys("postgres", "api", "worker", "gpu-worker");
		assertThat(map(compose, "volumes")).containsKeys("kiln-data", "postgres-data");
	}

	@Test
	void postgresKeepsItsDataInAVolumeAndReportsHealthWithPgIsready() {
		Map<String, Object> postgres = service("postgres");
		assertThat((String) postgres.get("image")).startsWith("postgres:");
		assertThat(list(postgres, "volumes")).contains("postgres-data:/var/lib/postgresql/data");
		assertThat(String.join(" ", list(map(postgres, "healthcheck"), "test"))).contains("pg_isready");
		assertThat(environment("postgres").get("POSTGRES_PASSWORD"))
			.as("the password comes from KILN_DB_PASSWORD, with a default for a local try-out")
			.matches("\\$\\{KILN_DB_PASSWORD:-[^}]+\\}");
	}

	@ParameterizedTest
	@ValueSource(strings = { "api", "worker", "gpu-worker" })
	void everyKilnNodeSharesTheDataVolumeAndTheDatabase(String name) {
		Map<String, Object> service = service(name);
		Map<String, String> postgres = environment("postgres");
		Map<String, String> environment = environment(name);
		assertThat(list(service, "volumes")).contains("kiln-data:/data");
		assertThat(environment).containsEntry("KILN_DATA_DIR", "/data")
			.containsEntry("SPRING_DATASOURCE_URL", "jdbc:postgresql://postgres:5432/" + postgres.get("POSTGRES_DB"))
			.containsEntry("SPRING_DATASOURCE_USERNAME", postgres.get("POSTGRES_USER"))
			.containsEntry("SPRING_DATASOURCE_PASSWORD", postgres.get("POSTGRES_PASSWORD"));
		assertThat(map(map(service, "depends_on"), "postgres")).containsEntry("condition", "service_healthy");
	}

	@ParameterizedTest
	@ValueSource(strings = { "api", "worker", "gpu-worker" })
	void everyKilnNodeReportsReadinessAndHasTimeToRequeueItsJobsWhenStopped(String name) throws Exception {
		Map<String, Object> service = service(name);
		List<String> test = list(map(service, "healthcheck"), "test");
		assertThat(test).containsExactly("CMD", "kiln-healthcheck", DockerImageTest.READINESS);
		assertThat(KilnBuild.isPublic(DockerImageTest.READINESS)).isTrue();
		String configured = environment(name).get("KILN_JOBS_SHUTDOWN_GRACE");
		Duration shutdownGrace = (configured != null) ? goDuration(configured) : KilnBuild.defaultShutdownGrace();
		assertThat(goDuration((String) service.get("stop_grace_period"))).as("stop_grace_period of " + name)
			.isGreaterThan(shutdownGrace.plusSeconds(10));
	}

	@ParameterizedTest
	@ValueSource(strings = { "api", "worker", "gpu-worker" })
	void everyKilnNodeIsBuiltFromADockerfileOfThisRepository(String name) {
		Map<String, Object> build = map(service(name), "build");
		assertThat(build).containsEntry("context", ".");
		assertThat(Path.of((String) build.get("dockerfile"))).exists();
	}

	@Test
	void theApiNodeServesTheApiOnPort8080() {
		assertThat(environment("api")).containsEntry("KILN_NODE_ROLE", "api");
		assertThat(ComposeFileTest.<String>list(service("api"), "ports")).anyMatch((port) -> port.endsWith(":8080"));
	}

	@Test
	void twoWorkersTrainAndCanBeScaledAfterTheApiNodeIsReady() {
		Map<String, Object> worker = service("worker");
		assertThat(environment("worker")).containsEntry("KILN_NODE_ROLE", "worker");
		assertThat(map(worker, "deploy")).containsEntry("replicas", 2);
		assertThat(map(map(worker, "depends_on"), "api")).containsEntry("condition", "service_healthy");
	}

	@ParameterizedTest
	@ValueSource(strings = { "worker", "gpu-worker" })
	void workerReplicasGetDistinctNodeIdsAndNoFixedNamesOrPorts(String name) {
		// kiln.node.id defaults to the host name, which Docker makes unique per container
		assertThat(service(name)).doesNotContainKeys("hostname", "container_name", "ports");
		assertThat(environment(name)).doesNotContainKeys("KILN_NODE_ID");
	}

	@Test
	void theGpuProfileAddsACudaWorkerOnNvidiaDevices() {
		Map<String, Object> gpu = service("gpu-worker");
		assertThat(list(gpu, "profiles")).containsExactly("gpu");
		assertThat(map(gpu, "build")).containsEntry("dockerfile", "docker/Dockerfile.cuda");
		assertThat(environment("gpu-worker")).containsEntry("KILN_NODE_ROLE", "worker");
		assertThat((String) gpu.get("image")).isNotEqualTo(service("worker").get("image"));
		List<Map<String, Object>> devices = list(map(map(map(gpu, "deploy"), "resources"), "reservations"), "devices");
		assertThat(devices).anySatisfy((device) -> {
			assertThat(device).containsEntry("driver", "nvidia");
			assertThat(list(device, "capabilities")).contains("gpu");
		});
		for (String name : KILN_SERVICES) {
			if (!name.equals("gpu-worker")) {
				assertThat(service(name)).as(name + " runs without the gpu profile").doesNotContainKey("profiles");
			}
		}
	}

	private static Map<String, Object> service(String name) {
		return map(map(compose, "services"), name);
	}

	/** A service's environment, written as a map or as a list of NAME=value. */
	private static Map<String, String> environment(String service) {
		Object environment = service(service).get("environment");
		Map<String, String> variables = new LinkedHashMap<>();
		if (environment instanceof Map<?, ?> map) {
			map.forEach((name, value) -> variables.put(String.valueOf(name), String.valueOf(value)));
		}
		else if (environment instanceof List<?> list) {
			list.forEach((entry) -> {
				String[] nameAndValue = String.valueOf(entry).split("=", 2);
				variables.put(nameAndValue[0], (nameAndValue.length > 1) ? nameAndValue[1] : null);
			});
		}
		return variables;
	}

	/** A Go duration as Compose writes them: 60s, 1m30s, 2h. */
	private static Duration goDuration(String text) {
		assertThat(text).as("a duration").matches("(\\d+(ms|h|m|s))+");
		Duration duration = Duration.ZERO;
		Matcher part = DURATION_PART.matcher(text);
		while (part.find()) {
			long amount = Long.parseLong(part.group(1));
			duration = duration.plus(switch (part.group(2)) {
				case "h" -> Duration.ofHours(amount);
				case "m" -> Duration.ofMinutes(amount);
				case "s" -> Duration.ofSeconds(amount);
				default -> Duration.ofMillis(amount);
			});
		}
		return duration;
	}

	@SuppressWarnings("unchecked")
	private static <T> Map<String, T> map(Map<String, ?> parent, String key) {
		Object value = parent.get(key);
		assertThat(value).as(key).isInstanceOf(Map.class);
		return (Map<String, T>) value;
	}

	@SuppressWarnings("unchecked")
	private static <T> List<T> list(Map<String, ?> parent, String key) {
		Object value = parent.get(key);
		assertThat(value).as(key).isInstanceOf(List.class);
		return (List<T>) value;
	}

}
