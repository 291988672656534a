package dev.kiln.datasets.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

import dev.kiln.datasets.DatasetUsage;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.boot.webmvc.test.autoconfigure.MockMvcBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.http.HttpStatus;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.test.web.servlet.assertj.MvcTestResult;
import org.springframework.test.web.servlet.request.MockMvcRequestBuilders;
import org.springframework.util.FileSystemUtils;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The whole application with H2 and the dataset folder in one temporary data folder,
 * shared by every dataset API test class (one application context for all of them).
 */
@SpringBootTest
@AutoConfigureMockMvc
@Import({ DatasetHttpTestSupport.JobsUsingDatasets.class, DatasetHttpTestSupport.AdminKey.class })
abstract class DatasetHttpTestSupport {

	static final Path DATA_DIR = createDataDir();

	/** The tenant of the admin key every request carries. */
	static final UUID TENANT = UUID.fromString("00000000-0000-0000-0000-000000000001");

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		registry.add("kiln.data-dir", DATA_DIR::toString);
		// smaller than the built-in digits8x8.csv (266 kB), which is registered all the
		// same
		registry.add("kiln.datasets.max-upload-bytes", () -> "100KB");
		registry.add("kiln.jobs.workers", () -> "0");
	}

	@Autowired
	MockMvcTester mvc;

	static JsonNode json(MvcTestResult result, HttpStatus status) {
		assertThat(result).hasStatus(status);
		try {
			return JsonMapper.shared().readTree(result.getResponse().getContentAsString());
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

	/** The reason given for a field or part in a 400 problem. */
	static String reason(JsonNode problem, String path) {
		assertThat(problem.get("type").asString()).isEqualTo("/problems/invalid-request");
		for (JsonNode error : problem.get("errors")) {
			if (error.get("path").asString().equals(path)) {
				return error.get("reason").asString();
			}
		}
		throw new AssertionError("no error for '" + path + "' in " + problem);
	}

	long totalDatasets() {
		return json(this.mvc.get().uri("/api/v1/datasets").exchange(), HttpStatus.OK).get("totalItems").asLong();
	}

	static Path datasetDir() {
		return DATA_DIR.resolve("datasets");
	}

	/** The files of the dataset folder. */
	static List<String> datasetFiles() {
		try (Stream<Path> files = Files.list(datasetDir())) {
			return files.map((file) -> file.getFileName().toString()).toList();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** Nothing but one binary file per listed dataset: no temporary file left behind. */
	void assertNoLeftovers() {
		assertThat(datasetFiles()).allSatisfy((name) -> assertThat(name).endsWith(".bin"));
		assertThat(datasetFiles()).hasSize((int) totalDatasets());
	}

	static List<Integer> ints(JsonNode array) {
		List<Integer> values = new ArrayList<>();
		array.forEach((value) -> values.add(value.asInt()));
		return values;
	}

	static List<String> strings(JsonNode array) {
		List<String> values = new ArrayList<>();
		array.forEach((value) -> values.add(value.asString()));
		return values;
	}

	/** Stands in for the jobs module: the datasets a test says are in use. */
	static class JobsUsingDatasets implements DatasetUsage {

		static final Set<UUID> IN_USE = ConcurrentHashMap.newKeySet();

		@Override
		public boolean inUseByActiveJob(UUID datasetId) {
			return IN_USE.contains(datasetId);
		}

	}

	/** Every request carries the admin key Kiln wrote to the data folder. */
	static class AdminKey {

		@Bean
		MockMvcBuilderCustomizer sendAdminKey() {
			return (builder) -> builder.defaultRequest(MockMvcRequestBuilders.get("/").with((request) -> {
				request.addHeader("Authorization", "Bearer " + adminKey());
				return request;
			}));
		}

		static String adminKey() {
			try {
				return Files.readString(DATA_DIR.resolve("admin-api-key")).strip();
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
		}

	}

	private static Path createDataDir() {
		try {
			Path dir = Files.createTempDirectory("kiln-datasets-test");
			Runtime.getRuntime().addShutdownHook(new Thread(() -> FileSystemUtils.deleteRecursively(dir.toFile())));
			return dir;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
