package dev.kiln.e2e;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationInfoService;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.health.actuate.endpoint.HealthEndpointGroups;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What an operator sees: the probes without a key, Prometheus metrics with an admin key
 * only, and a job's id on every line logged while it runs.
 */
@ExtendWith(OutputCaptureExtension.class)
class OperationsIT extends KilnServerIT {

	@Autowired
	Flyway flyway;

	@Autowired
	HealthEndpointGroups healthGroups;

	@Test
	void livenessAndReadinessAnswerUpWithoutAKeyOnceKilnHasStarted() {
		KilnClient anonymous = this.kiln.withKey(null);

		KilnClient.Response liveness = anonymous.get("/actuator/health/liveness");
		KilnClient.Response readiness = anonymous.get("/actuator/health/readiness");

		assertThat(liveness.status()).as(liveness.toString()).isEqualTo(200);
		assertThat(liveness.json().get("status").asString()).isEqualTo("UP");
		assertThat(readiness.status()).as(readiness.toString()).isEqualTo(200);
		assertThat(readiness.json().get("status").asString()).isEqualTo("UP");
	}

	@Test
	void readinessWaitsForTheNativeBackendAndImpliesThatEveryMigrationRan() {
		assertThat(this.healthGroups.get("readiness").isMember("engine")).isTrue();
		assertThat(this.healthGroups.get("readiness").isMember("readinessState")).isTrue();
		// a full disk takes the node out of readiness, but it is alive (FullDiskIT)
		assertThat(this.healthGroups.get("readiness").isMember("storage")).isTrue();
		assertThat(this.healthGroups.get("liveness").isMember("storage")).isFalse();
		// a slow backend must not make a live process look dead
		assertThat(this.healthGroups.get("liveness").isMember("engine")).isFalse();

		assertThat(this.kiln.withKey(null).get("/actuator/health/readiness").status()).isEqualTo(200);
		MigrationInfoService migrations = this.flyway.info();
		assertThat(migrations.pending()).as("migrations not applied while ready").isEmpty();
		assertThat(migrations.current()).isNotNull();
		assertThat(migrations.current().getVersion())
			.isEqualTo(migrations.all()[migrations.all().length - 1].getVersion());
	}

	@Test
	void prometheusNeedsAnAdminKey() {
		KilnClient.Response anonymous = this.kiln.withKey(null).get("/actuator/prometheus");
		assertThat(anonymous.status()).isEqualTo(401);
		assertThat(anonymous.json().get("type").asString()).isEqualTo("/problems/unauthenticated");

		KilnClient member = this.kiln.newTenant("operations-" + UUID.randomUUID());
		for (String path : List.of("/actuator/prometheus", "/actuator/info", "/actuator")) {
			KilnClient.Response refused = member.get(path);
			assertThat(refused.status()).as(path + ": " + refused).isEqualTo(403);
			assertThat(refused.header("Content-Type")).startsWith("application/problem+json");
			assertThat(refused.json().get("type").asString()).isEqualTo("/problems/admin-key-required");
			assertThat(refused.json().get("status").asInt()).isEqualTo(403);
		}
		assertThat(member.get("/actuator/health/readiness").status()).isEqualTo(200);

		KilnClient.Response scrape = this.kiln.get("/actuator/prometheus");
		assertThat(scrape.status()).as(scrape.toString()).isEqualTo(200);
		assertThat(scrape.header("Content-Type")).startsWith("text/plain");
		assertThat(scrape.text()).contains("kiln_jobs{");
	}

	@Test
	void aTrainedJobAndAPredictionShowInTheMetricsAndEveryLineOfTheJobCarriesItsId(CapturedOutput output) {
		Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
		ListAppender<ILoggingEvent> events = new ListAppender<>();
		events.start();
		root.addAppender(events);
		String before = this.kiln.get("/actuator/prometheus").text();
		String id;
		try {
			ObjectNode spec = (ObjectNode) KilnClient.JSON.readTree(KilnClient.example("iris-mlp.json"));
			((ObjectNode) spec.get("training")).put("epochs", 3);
			id = this.kiln.submit(spec.toString());
			JsonNode job = this.kiln.awaitEnd(id, Duration.ofSeconds(120));
			assertThat(job.get("status").asString()).as(job.toString()).isEqualTo("SUCCEEDED");
		}
		finally {
			root.detachAppender(events);
		}
		KilnClient.Response prediction = this.kiln.post("/api/v1/jobs/" + id + "/predict",
				"{\"instances\": [[5.1, 3.5, 1.4, 0.2], [6.7, 3.0, 5.2, 2.3]]}");
		assertThat(prediction.status()).as(prediction.toString()).isEqualTo(200);

		String after = this.kiln.get("/actuator/prometheus").text();
		assertThat(sample(after, "kiln_jobs{state=\"SUCCEEDED\"}")).isGreaterThanOrEqualTo(1);
		for (String state : List.of("QUEUED", "RUNNING", "CANCELLING", "CANCELLED", "FAILED")) {
			assertThat(after).contains("kiln_jobs{state=\"" + state + "\"}");
		}
		assertThat(increase(before, after, "kiln_jobs_queue_wait_seconds_count")).isGreaterThanOrEqualTo(1);
		assertThat(increase(before, after, "kiln_training_epoch_duration_seconds_count")).isGreaterThanOrEqualTo(3);
		assertThat(increase(before, after, "kiln_training_epoch_duration_seconds_sum")).isPositive();
		assertThat(increase(before, after, "kiln_training_throughput_samples_per_second_count"))
			.isGreaterThanOrEqualTo(3);
		assertThat(increase(before, after, "kiln_training_throughput_samples_per_second_sum")).isPositive();
		assertThat(increase(before, after, "kiln_inference_latency_seconds_count")).isGreaterThanOrEqualTo(1);
		assertThat(increase(before, after, "kiln_inference_latency_seconds_bucket{le=\"+Inf\"}"))
			.isGreaterThanOrEqualTo(1);
		assertThat(after.lines().filter((line) -> line.startsWith("kiln_inference_latency_seconds_bucket{")))
			.hasSizeGreaterThan(10);
		// one pass over the request's two rows; the model is loaded and its bytes counted
		assertThat(increase(before, after, "kiln_inference_batch_rows_count")).isGreaterThanOrEqualTo(1);
		assertThat(increase(before, after, "kiln_inference_batch_rows_sum")).isGreaterThanOrEqualTo(2);
		assertThat(increase(before, after, "kiln_inference_pass_seconds_count")).isGreaterThanOrEqualTo(1);
		assertThat(increase(before, after, "kiln_inference_pass_seconds_sum")).isPositive();
		assertThat(sample(after, "kiln_inference_cache_models")).isGreaterThanOrEqualTo(1);
		// iris-mlp: 4-16-8-3, float32
		assertThat(sample(after, "kiln_inference_cache_bytes"))
			.isGreaterThanOrEqualTo((4 * 16 + 16 + 16 * 8 + 8 + 8 * 3 + 3) * 4);
		assertThat(increase(before, after, "kiln_checkpoints_written_bytes_total")).isPositive();
		assertThat(sample(after, "kiln_checkpoints_stored_bytes")).isPositive();

		List<ILoggingEvent> ofJob = events.list.stream()
			.filter((event) -> id.equals(event.getMDCPropertyMap().get("jobId")))
			.toList();
		assertThat(ofJob).extracting(ILoggingEvent::getFormattedMessage)
			.anyMatch((message) -> message.startsWith("Training job " + id))
			.anyMatch((message) -> message.startsWith("Job " + id + " epoch 3/3"));
		assertThat(ofJob).allMatch((event) -> "1".equals(event.getMDCPropertyMap().get("attempt")));
		String worker = ofJob.get(0).getThreadName();
		assertThat(worker).startsWith("kiln-worker-");
		// every line the worker logged while it ran the job carries the id, whoever
		// logged it (Kiln, DL4J, ND4J, Hibernate)
		long first = ofJob.get(0).getTimeStamp();
		long last = ofJob.get(ofJob.size() - 1).getTimeStamp();
		List<String> without = new ArrayList<>();
		for (ILoggingEvent event : events.list) {
			if (event.getThreadName().equals(worker) && event.getTimeStamp() >= first && event.getTimeStamp() <= last
					&& !id.equals(event.getMDCPropertyMap().get("jobId"))) {
				without.add(event.getLoggerName() + ": " + event.getFormattedMessage());
			}
		}
		assertThat(without).isEmpty();
		// the console pattern shows it
		assertThat(output.getOut()).contains("[job " + id + "#1] ");
		assertThat(output.getOut().lines().filter((line) -> line.contains("Training job " + id)))
			.allMatch((line) -> line.contains("[job " + id + "#1] "));
	}

	private static double increase(String before, String after, String series) {
		return sample(after, series) - sample(before, series);
	}

	/** The value of the sample line that starts with {@code series} (name and labels). */
	static double sample(String scrape, String series) {
		return scrape.lines()
			.filter((line) -> line.startsWith(series + " ") || line.startsWith(series + "{"))
			.mapToDouble((line) -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
			.sum();
	}

}
