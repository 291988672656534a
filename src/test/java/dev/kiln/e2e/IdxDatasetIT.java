package dev.kiln.e2e;

import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.zip.GZIPInputStream;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A real IDX dataset — a 3,000 + 600 image subset of Fashion-MNIST, in its original
 * gzipped IDX files — uploaded over HTTP with its separate test set, trained on by the
 * course's CNN and asked for predictions in raw pixels.
 */
class IdxDatasetIT extends KilnServerIT {

	private static final String CLASS_NAMES = "T-shirt/top,Trouser,Pullover,Dress,Coat,Sandal,Shirt,Sneaker,Bag,Ankle boot";

	private static byte[] resource(String name) throws IOException {
		try (InputStream in = IdxDatasetIT.class.getResourceAsStream("/e2e/fashion-mnist-subset/" + name)) {
			return in.readAllBytes();
		}
	}

	private static Map<String, byte[]> parts() throws IOException {
		Map<String, byte[]> parts = new LinkedHashMap<>();
		parts.put("images", resource("train-images-idx3-ubyte.gz"));
		parts.put("labels", resource("train-labels-idx1-ubyte.gz"));
		parts.put("testImages", resource("t10k-images-idx3-ubyte.gz"));
		parts.put("testLabels", resource("t10k-labels-idx1-ubyte.gz"));
		return parts;
	}

	private static final int PREDICTED_IMAGES = 100;

	/**
	 * The first {@code count} test images as a client would send them: [28][28] raw pixel
	 * values each, as JSON arrays.
	 */
	private static String firstTestImages(int count) throws IOException {
		StringBuilder images = new StringBuilder();
		try (InputStream in = new GZIPInputStream(
				new java.io.ByteArrayInputStream(resource("t10k-images-idx3-ubyte.gz")))) {
			in.readNBytes(16);
			for (int i = 0; i < count; i++) {
				byte[] pixels = in.readNBytes(28 * 28);
				images.append((i > 0) ? "," : "").append('[');
				for (int y = 0; y < 28; y++) {
					images.append(y > 0 ? "," : "").append('[');
					for (int x = 0; x < 28; x++) {
						images.append(x > 0 ? "," : "").append(pixels[y * 28 + x] & 0xff);
					}
					images.append(']');
				}
				images.append(']');
			}
		}
		return images.toString();
	}

	/** The class indexes of the first {@code count} test images. */
	private static byte[] firstTestLabels(int count) throws IOException {
		try (InputStream in = new GZIPInputStream(
				new java.io.ByteArrayInputStream(resource("t10k-labels-idx1-ubyte.gz")))) {
			in.readNBytes(8);
			return in.readNBytes(count);
		}
	}

	@Test
	void aCnnTrainsOnAnUploadedIdxDatasetAndIsEvaluatedOnItsOwnTestSet() throws IOException {
		KilnClient.Response upload = this.kiln.upload("/api/v1/datasets",
				Map.of("format", "idx", "name", "fashion-subset", "classNames", CLASS_NAMES), parts());
		assertThat(upload.status()).as(upload.toString()).isEqualTo(201);
		JsonNode dataset = upload.json();
		assertThat(dataset.get("rows").asInt()).isEqualTo(3600);
		assertThat(dataset.get("testRows").asInt()).isEqualTo(600);
		assertThat(dataset.get("featureShape")).extracting(JsonNode::asInt).containsExactly(28, 28, 1);
		assertThat(dataset.get("classNames").get(9).asString()).isEqualTo("Ankle boot");

		// the same files again are recognised
		KilnClient.Response again = this.kiln.upload("/api/v1/datasets",
				Map.of("format", "idx", "name", "fashion-subset-2", "classNames", CLASS_NAMES), parts());
		assertThat(again.status()).isEqualTo(409);
		assertThat(again.json().get("existingId").asString()).isEqualTo(dataset.get("id").asString());

		ObjectNode spec = (ObjectNode) KilnClient.JSON.readTree(KilnClient.example("fashion-mnist-6-cnn.json"));
		spec.put("dataset", "fashion-subset");
		((ObjectNode) spec.get("training")).put("epochs", 4);
		String id = this.kiln.submit(spec.toString());
		JsonNode job = this.kiln.awaitEnd(id, Duration.ofMinutes(5));

		assertThat(job.get("status").asString()).as(job.toString()).isEqualTo("SUCCEEDED");
		JsonNode evaluation = job.get("evaluation");
		assertThat(evaluation.get("examples").asInt()).as("the dataset's own test set").isEqualTo(600);
		assertThat(evaluation.get("accuracy").asDouble()).isGreaterThanOrEqualTo(0.70);
		assertThat(evaluation.get("labels").get(0).asString()).isEqualTo("T-shirt/top");

		// raw pixels in, class names out, about as often right as on the whole test set
		// (one image's class is no test: 4 epochs on 3,000 images leave some borderline,
		// and float rounding differs between CPUs)
		KilnClient.Response prediction = this.kiln.post("/api/v1/jobs/" + id + "/predict",
				"{\"instances\": [" + firstTestImages(PREDICTED_IMAGES) + "]}");
		assertThat(prediction.status()).as(prediction.toString()).isEqualTo(200);
		JsonNode predictions = prediction.json().get("predictions");
		assertThat(predictions).hasSize(PREDICTED_IMAGES);
		String[] names = CLASS_NAMES.split(",");
		byte[] labels = firstTestLabels(PREDICTED_IMAGES);
		int right = 0;
		for (int i = 0; i < PREDICTED_IMAGES; i++) {
			right += names[labels[i]].equals(predictions.get(i).get("label").asString()) ? 1 : 0;
		}
		assertThat(right).as("test images predicted right, of " + PREDICTED_IMAGES).isGreaterThanOrEqualTo(70);
	}

	@Test
	void aDatasetInUseCannotBeDeletedAndOnceDeletedItsJobsStillPredict() throws IOException {
		Map<String, byte[]> parts = parts();
		parts.remove("testImages");
		parts.remove("testLabels");
		KilnClient.Response upload = this.kiln.upload("/api/v1/datasets",
				Map.of("format", "idx", "name", "fashion-deletable"), parts);
		assertThat(upload.status()).as(upload.toString()).isEqualTo(201);
		String datasetId = upload.json().get("id").asString();
		ObjectNode spec = (ObjectNode) KilnClient.JSON.readTree(KilnClient.example("fashion-mnist-1-softmax.json"));
		spec.put("dataset", datasetId);
		((ObjectNode) spec.get("training")).put("epochs", 10_000);
		String job = this.kiln.submit(spec.toString());
		this.kiln.awaitStatus(job, Set.of("RUNNING"), Duration.ofMinutes(3));

		KilnClient.Response inUse = this.kiln.delete("/api/v1/datasets/" + datasetId);
		assertThat(inUse.status()).isEqualTo(409);
		assertThat(inUse.json().get("type").asString()).isEqualTo("/problems/dataset-in-use");

		this.kiln.awaitCheckpoint(job, Duration.ofMinutes(2));
		this.kiln.post("/api/v1/jobs/" + job + "/cancel", "");
		this.kiln.awaitEnd(job, Duration.ofSeconds(30));
		assertThat(this.kiln.delete("/api/v1/datasets/" + datasetId).status()).isEqualTo(204);
		assertThat(this.kiln.get("/api/v1/datasets?size=100").text()).doesNotContain(datasetId);
		StringBuilder flat = new StringBuilder("{\"instances\": [[");
		for (int i = 0; i < 784; i++) {
			flat.append(i > 0 ? "," : "").append(i % 256);
		}
		KilnClient.Response prediction = this.kiln.post("/api/v1/jobs/" + job + "/predict", flat + "]]}");
		assertThat(prediction.status()).as(prediction.toString()).isEqualTo(200);
		assertThat(this.kiln.delete("/api/v1/datasets/" + datasetId).status()).isEqualTo(404);
	}

}
