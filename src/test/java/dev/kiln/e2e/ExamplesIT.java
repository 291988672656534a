package dev.kiln.e2e;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every job spec in {@code examples/} is accepted as it is: each passes the dry run
 * against its dataset. The Fashion-MNIST recipes run here against a small stand-in with
 * Fashion-MNIST's shape (28x28 grey images, 10 classes); docs/datasets.md shows how to
 * register the real one.
 */
class ExamplesIT extends KilnServerIT {

	/** Parameter counts worked out by hand for the course's networks. */
	private static final Map<String, Long> PARAMETERS = Map.of(
			// 784*10 + 10
			"fashion-mnist-1-softmax.json", 7_850L,
			// 784*200+200 + 200*100+100 + 100*60+60 + 60*30+30 + 30*10+10
			"fashion-mnist-2-mlp-sigmoid.json", 185_300L,
			// 6*6*1*6+6 + 5*5*6*12+12 + 4*4*12*24+24 + 7*7*24*200+200 + 200*10+10
			"fashion-mnist-6-cnn.json", 244_076L);

	static Stream<String> examples() throws IOException {
		try (Stream<Path> files = Files.list(Path.of("examples"))) {
			List<String> names = files.map((path) -> path.getFileName().toString())
				.filter((name) -> name.endsWith(".json"))
				.sorted()
				.toList();
			assertThat(names).hasSizeGreaterThanOrEqualTo(9);
			return names.stream();
		}
	}

	@BeforeEach
	void fashionMnistStandIn() {
		if (this.kiln.get("/api/v1/datasets?size=100").text().contains("\"fashion-mnist\"")) {
			return;
		}
		StringBuilder csv = new StringBuilder();
		for (int p = 0; p < 784; p++) {
			csv.append('p').append(p).append(',');
		}
		csv.append("label\n");
		for (int row = 0; row < 30; row++) {
			for (int p = 0; p < 784; p++) {
				csv.append((row * 31 + p * 7) % 256).append(',');
			}
			csv.append(row % 10).append('\n');
		}
		KilnClient.Response upload = this.kiln.upload("/api/v1/datasets",
				Map.of("name", "fashion-mnist", "labelColumn", "label", "shape", "28,28,1"),
				Map.of("file", csv.toString().getBytes(StandardCharsets.UTF_8)));
		assertThat(upload.status()).as(upload.toString()).isEqualTo(201);
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("examples")
	void everyExamplePassesTheDryRun(String example) {
		KilnClient.Response response = this.kiln.post("/api/v1/jobs?dryRun=true", KilnClient.example(example));

		assertThat(response.status()).as(response.toString()).isEqualTo(200);
		JsonNode dryRun = response.json();
		assertThat(dryRun.get("parameters").asLong()).isPositive();
		if (PARAMETERS.containsKey(example)) {
			assertThat(dryRun.get("parameters").asLong()).isEqualTo(PARAMETERS.get(example));
		}
	}

}
