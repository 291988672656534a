package dev.kiln.e2e;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import dev.kiln.KilnApplication;
import dev.kiln.testing.PostgresTestDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Kiln on PostgreSQL, chosen by nothing but {@code spring.datasource.url}, username and
 * password: every migration applies to a new database, Hibernate validates the schema
 * against it, and a job trains over HTTP.
 */
@EnabledIfEnvironmentVariable(named = PostgresTestDatabase.URL_VARIABLE, matches = ".+")
@SpringBootTest(classes = KilnApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@Import(PostgresIT.DropDatabase.class)
@DirtiesContext
class PostgresIT {

	static final Path DATA_DIR = Path.of("target", "it-data", "postgres-" + UUID.randomUUID()).toAbsolutePath();

	static PostgresTestDatabase database;

	@DynamicPropertySource
	static void postgres(DynamicPropertyRegistry registry) {
		database = PostgresTestDatabase.create("it");
		registry.add("kiln.data-dir", DATA_DIR::toString);
		registry.add("spring.datasource.url", database::url);
		registry.add("spring.datasource.username", PostgresTestDatabase::user);
		registry.add("spring.datasource.password", PostgresTestDatabase::password);
		registry.add("kiln.webhooks.allowed-networks", () -> "127.0.0.1/32");
		registry.add("kiln.webhooks.initial-backoff", () -> "200ms");
		registry.add("kiln.webhooks.poll-interval", () -> "100ms");
	}

	@LocalServerPort
	int port;

	@Autowired
	JdbcTemplate jdbc;

	@Autowired
	ApplicationContext context;

	@Test
	void everyMigrationAppliesAndKilnRunsOnPostgresql() {
		assertThat(this.jdbc.queryForObject("select version()", String.class)).startsWith("PostgreSQL");
		List<String> applied = this.jdbc.queryForList(
				"select version from flyway_schema_history where success order by installed_rank", String.class);
		assertThat(applied).startsWith("1", "2", "3", "4");
		assertThat(
				this.jdbc.queryForObject("select count(*) from flyway_schema_history where not success", Integer.class))
			.isZero();
		assertThat(
				this.jdbc.queryForList("select name from dataset where source = 'builtin' order by name", String.class))
			.containsExactly("digits8x8", "iris", "wine");
		assertThat(this.jdbc.queryForObject("select count(*) from api_key", Integer.class)).isOne();
	}

	/**
	 * PostgreSQL would keep a lone surrogate as '?', and H2 as an escape strict JSON
	 * parsers refuse: neither gets the chance, since names are checked before anything is
	 * stored. Limits count characters, as PostgreSQL's varchar does.
	 */
	@Test
	void namesThatBreakTheStandardNeverReachPostgresql() {
		KilnClient kiln = KilnClient.admin(this.port, DATA_DIR);
		int jobs = this.jdbc.queryForObject("select count(*) from job", Integer.class);
		int tenants = this.jdbc.queryForObject("select count(*) from tenant", Integer.class);

		KilnClient.Response job = kiln.post("/api/v1/jobs",
				KilnClient.example("iris-mlp.json").replace("\"iris-mlp\"", "\"a\\ud800b\""));
		KilnClient.Response tenant = kiln.post("/api/v1/tenants", "{\"name\": \"t\\ud800\"}");

		for (KilnClient.Response refused : List.of(job, tenant)) {
			assertThat(refused.status()).as(refused.toString()).isEqualTo(400);
			assertThat(refused.json().get("errors").get(0).get("reason").asString())
				.isEqualTo("is not well-formed Unicode: a lone surrogate U+D800 at position 2");
		}
		assertThat(this.jdbc.queryForObject("select count(*) from job", Integer.class)).isEqualTo(jobs);
		assertThat(this.jdbc.queryForObject("select count(*) from tenant", Integer.class)).isEqualTo(tenants);
		String longest = "\ud801\udc00".repeat(100);
		assertThat(kiln.post("/api/v1/tenants", "{\"name\": \"" + longest + "\"}").status()).isEqualTo(201);
		assertThat(this.jdbc.queryForObject("select name from tenant where name = ?", String.class, longest))
			.isEqualTo(longest);
	}

	@Test
	void aJobTrainsOverHttpOnPostgresql() {
		KilnClient kiln = KilnClient.admin(this.port, DATA_DIR);
		String id = kiln.submit(KilnClient.example("iris-mlp.json").replace("\"epochs\": 60", "\"epochs\": 5"));

		JsonNode job = kiln.awaitEnd(id, Duration.ofMinutes(2));
		assertThat(job.get("status").asString()).as(job.toString()).isEqualTo("SUCCEEDED");
		assertThat(job.get("transitions")).extracting((t) -> t.get("to").asString())
			.containsExactly("QUEUED", "RUNNING", "SUCCEEDED");
		JsonNode metrics = kiln.get("/api/v1/jobs/" + id + "/metrics").json().get("items");
		assertThat(metrics).extracting((m) -> m.get("epoch").asInt()).containsExactly(1, 2, 3, 4, 5);
		assertThat(kiln.get("/api/v1/jobs/" + id + "/checkpoints").json().get("items")).isNotEmpty();
		KilnClient.Response prediction = kiln.post("/api/v1/jobs/" + id + "/predict",
				"{\"instances\": [[5.1, 3.5, 1.4, 0.2]]}");
		assertThat(prediction.status()).as(prediction.toString()).isEqualTo(200);
		assertThat(this.jdbc.queryForObject("select status from job where id = ?", String.class, UUID.fromString(id)))
			.isEqualTo("SUCCEEDED");
	}

	/**
	 * The webhook tables and their claim ({@code FOR UPDATE SKIP LOCKED}) on PostgreSQL:
	 * a notice the receiver first refuses is retried and delivered.
	 */
	@Test
	void aCallbackNoticeIsStoredClaimedRetriedAndDeliveredOnPostgresql() throws Exception {
		java.util.List<String> bodies = new java.util.concurrent.CopyOnWriteArrayList<>();
		com.sun.net.httpserver.HttpServer receiver = com.sun.net.httpserver.HttpServer
			.create(new java.net.InetSocketAddress("127.0.0.1", 0), 0);
		receiver.createContext("/", (exchange) -> {
			bodies.add(new String(exchange.getRequestBody().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8));
			exchange.sendResponseHeaders((bodies.size() == 1) ? 500 : 204, -1);
			exchange.close();
		});
		receiver.start();
		try {
			KilnClient kiln = KilnClient.admin(this.port, DATA_DIR);
			String spec = KilnClient.example("iris-mlp.json")
				.replace("\"epochs\": 60", "\"epochs\": 2")
				.replaceFirst("\\{", "{\"callback\": {\"url\": \"http://127.0.0.1:" + receiver.getAddress().getPort()
						+ "/hook\"}, ");
			String id = kiln.submit(spec);
			assertThat(kiln.awaitEnd(id, Duration.ofMinutes(2)).get("status").asString()).isEqualTo("SUCCEEDED");
			Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
			JsonNode delivery = null;
			while (Instant.now().isBefore(deadline)) {
				delivery = kiln.get("/api/v1/jobs/" + id + "/callbacks").json().get("items").get(0);
				if (delivery != null && delivery.get("status").asString().equals("DELIVERED")) {
					break;
				}
				KilnClient.sleep(100);
			}
			assertThat(delivery).as(String.valueOf(delivery)).isNotNull();
			assertThat(delivery.get("status").asString()).isEqualTo("DELIVERED");
			assertThat(delivery.get("attemptLog")).extracting((a) -> a.get("statusCode").asInt())
				.containsExactly(500, 204);
			assertThat(bodies).hasSize(2).containsOnly(bodies.get(0));
			assertThat(this.jdbc.queryForObject("select count(*) from webhook_attempt", Integer.class)).isEqualTo(2);
		}
		finally {
			receiver.stop(0);
		}
	}

	/**
	 * What several nodes do when they start at once on one database and one folder, run
	 * side by side: the built-in datasets and the first admin key are made once, nobody
	 * fails, and leftovers are removed only when they are old.
	 */
	@Test
	void startUpStepsOfSeveralNodesAtOnceMakeEverythingOnceAndFailNone() throws Exception {
		UUID wine = this.jdbc.queryForObject("select id from dataset where name = 'wine'", UUID.class);
		this.jdbc.update("delete from dataset where id = ?", wine);
		this.jdbc.update("delete from api_key");
		Path datasets = DATA_DIR.resolve("datasets");
		Path freshTemporary = Files.writeString(datasets.resolve(".upload-fresh.part.tmp"), "in progress");
		Path oldTemporary = Files.writeString(datasets.resolve(".upload-old.part.tmp"), "abandoned");
		Path freshUnnamed = Files.writeString(datasets.resolve(UUID.randomUUID() + ".bin"), "row not yet written");
		Path oldUnnamed = Files.writeString(datasets.resolve(UUID.randomUUID() + ".bin"), "abandoned");
		FileTime twoHoursAgo = FileTime.from(Instant.now().minus(Duration.ofHours(2)));
		Files.setLastModifiedTime(oldTemporary, twoHoursAgo);
		Files.setLastModifiedTime(oldUnnamed, twoHoursAgo);

		ApplicationRunner builtinDatasets = this.context.getBean("builtinDatasets", ApplicationRunner.class);
		SmartInitializingSingleton adminKey = this.context.getBean("adminKeyBootstrap",
				SmartInitializingSingleton.class);
		int nodes = 4;
		CyclicBarrier together = new CyclicBarrier(nodes);
		ExecutorService threads = Executors.newFixedThreadPool(nodes);
		List<Future<?>> startUps = new ArrayList<>();
		for (int i = 0; i < nodes; i++) {
			startUps.add(threads.submit(() -> {
				together.await();
				adminKey.afterSingletonsInstantiated();
				builtinDatasets.run(null);
				return null;
			}));
		}
		threads.shutdown();
		for (Future<?> startUp : startUps) {
			startUp.get(2, TimeUnit.MINUTES);
		}

		assertThat(this.jdbc.queryForObject("select count(*) from api_key", Integer.class)).isOne();
		KilnClient kiln = KilnClient.admin(this.port, DATA_DIR);
		assertThat(kiln.get("/api/v1/me").status()).as("the key in the file is the one in the database").isEqualTo(200);
		assertThat(this.jdbc.queryForObject("select count(*) from dataset where name = 'wine'", Integer.class)).isOne();
		assertThat(datasets.resolve(wine + ".bin")).isRegularFile();
		KilnClient.Response dataset = kiln.get("/api/v1/datasets/" + wine);
		assertThat(dataset.status()).as(dataset.toString()).isEqualTo(200);
		assertThat(freshTemporary).as("another node's upload in progress").exists();
		assertThat(freshUnnamed).as("another node's dataset about to be recorded").exists();
		assertThat(oldTemporary).doesNotExist();
		assertThat(oldUnnamed).doesNotExist();
		try (Stream<Path> files = Files.list(datasets)) {
			assertThat(files.map((file) -> file.getFileName().toString()))
				.as("no temporary file left by the registrations")
				.noneMatch((name) -> name.endsWith(".bin.tmp"));
		}
	}

	/** Drops the database once the context (and its connection pool) is closed. */
	@TestConfiguration(proxyBeanMethods = false)
	static class DropDatabase {

		@Bean
		DisposableBean dropTestDatabase() {
			return () -> database.close();
		}

	}

}
