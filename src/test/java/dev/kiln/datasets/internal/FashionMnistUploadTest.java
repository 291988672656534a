package dev.kiln.datasets.internal;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import dev.kiln.datasets.DatasetCatalog;
import dev.kiln.datasets.DatasetSplit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Uploads the full Fashion-MNIST (60,000 + 10,000 images of 28x28, gzipped) over real
 * HTTP with the default limits, and prints how long it took. Opt-in, as it takes several
 * seconds:
 * {@code ./mvnw test -Dtest=FashionMnistUploadTest -Dkiln.test.fashion-mnist=true};
 * skipped as well when the files are not installed.
 */
@EnabledIfSystemProperty(named = "kiln.test.fashion-mnist", matches = "true")
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@DirtiesContext
class FashionMnistUploadTest {

	static final Path FOLDER = Path
		.of(System.getProperty("kiln.test.fashion-mnist.dir", "/usr/share/datasets/fashion-mnist"));

	static final String CLASS_NAMES = "T-shirt/top,Trouser,Pullover,Dress,Coat,Sandal,Shirt,Sneaker,Bag,Ankle boot";

	@TempDir
	static Path dataDir;

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		registry.add("kiln.data-dir", () -> dataDir.toString());
		registry.add("kiln.jobs.workers", () -> "0");
	}

	@LocalServerPort
	int port;

	@Autowired
	DatasetCatalog catalog;

	@Test
	void uploadsTheFullFashionMnist() throws Exception {
		assumeTrue(Files.isDirectory(FOLDER), FOLDER + " is not installed");
		String boundary = "kiln-" + UUID.randomUUID();
		List<HttpRequest.BodyPublisher> body = new ArrayList<>();
		field(body, boundary, "format", "idx");
		field(body, boundary, "name", "fashion-mnist");
		field(body, boundary, "classNames", CLASS_NAMES);
		field(body, boundary, "normalization", "minmax");
		file(body, boundary, "images", FOLDER.resolve("train-images-idx3-ubyte.gz"));
		file(body, boundary, "labels", FOLDER.resolve("train-labels-idx1-ubyte.gz"));
		file(body, boundary, "testImages", FOLDER.resolve("t10k-images-idx3-ubyte.gz"));
		file(body, boundary, "testLabels", FOLDER.resolve("t10k-labels-idx1-ubyte.gz"));
		body.add(text("--" + boundary + "--\r\n"));
		HttpRequest request = HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + "/api/v1/datasets"))
			.header("Content-Type", "multipart/form-data; boundary=" + boundary)
			.header("Authorization", "Bearer " + Files.readString(dataDir.resolve("admin-api-key")).strip())
			.POST(HttpRequest.BodyPublishers.concat(body.toArray(HttpRequest.BodyPublisher[]::new)))
			.build();

		long start = System.nanoTime();
		HttpResponse<String> response = HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
		long uploaded = System.nanoTime();
		assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
		JsonNode created = JsonMapper.shared().readTree(response.body());
		DatasetSplit split = this.catalog.split(UUID.fromString(created.get("id").asString()), 0.1, 0.15, 42);
		long read = System.nanoTime();
		System.out.printf("Fashion-MNIST: uploaded and stored in %.1f s, read and split in %.1f s%n",
				(uploaded - start) / 1e9, (read - uploaded) / 1e9);

		assertThat(created.get("rows").asInt()).isEqualTo(70_000);
		assertThat(created.get("testRows").asInt()).isEqualTo(10_000);
		assertThat(created.get("featureShape").toString()).isEqualTo("[28,28,1]");
		assertThat(created.get("classNames").get(9).asString()).isEqualTo("Ankle boot");
		assertThat(created.get("normalization").asString()).isEqualTo("minmax");
		assertThat(split.test().count()).isEqualTo(10_000);
		assertThat(split.validation().count()).isEqualTo(6_000);
		assertThat(split.train().count()).isEqualTo(54_000);
	}

	private static void field(List<HttpRequest.BodyPublisher> body, String boundary, String name, String value) {
		body.add(text("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + name + "\"\r\n\r\n" + value
				+ "\r\n"));
	}

	private static void file(List<HttpRequest.BodyPublisher> body, String boundary, String name, Path file)
			throws IOException {
		body.add(text("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + name + "\"; filename=\""
				+ file.getFileName() + "\"\r\nContent-Type: application/octet-stream\r\n\r\n"));
		body.add(HttpRequest.BodyPublishers.ofFile(file));
		body.add(text("\r\n"));
	}

	private static HttpRequest.BodyPublisher text(String text) {
		return HttpRequest.BodyPublishers.ofString(text, StandardCharsets.UTF_8);
	}

}
