package dev.kiln.e2e;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tenants see only their own work. Tenant A uploads a dataset and trains a job on it;
 * then every resource of A's is asked for by A, by tenant B, by the admin (whose key
 * belongs to another tenant) and with no key. Another tenant's resource answers exactly
 * as a missing one does: 404, never 403, so ids tell nothing about others' work.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TenantIsolationIT extends KilnServerIT {

	private static final String MISSING = "00000000-0000-4000-8000-00000000abcd";

	private static final String SPEC = """
			{"name": "isolation", "dataset": "%s", "split": {"validation": 0.2, "test": 0.2, "seed": 3},
			 "model": {"input": [2], "layers": [
			   {"type": "dense", "units": 4, "activation": "relu"},
			   {"type": "output", "units": 2}]},
			 "training": {"epochs": 2, "batchSize": 8, "optimizer": {"type": "adam", "learningRate": 0.05}}}""";

	private KilnClient admin;

	private KilnClient tenantA;

	private KilnClient tenantB;

	private KilnClient noKey;

	private String datasetName;

	private String datasetId;

	private String jobId;

	private String checkpointId;

	@BeforeAll
	void tenantATrainsAJob() {
		this.admin = KilnClient.admin(this.port, DATA_DIR);
		String suffix = UUID.randomUUID().toString().substring(0, 8);
		this.tenantA = this.admin.newTenant("isolation-a-" + suffix);
		this.tenantB = this.admin.newTenant("isolation-b-" + suffix);
		this.noKey = this.admin.withKey(null);
		this.datasetName = "points-" + suffix;
		KilnClient.Response upload = upload(this.tenantA, this.datasetName, 1);
		assertThat(upload.status()).as(upload.toString()).isEqualTo(201);
		this.datasetId = upload.json().get("id").asString();
		this.jobId = this.tenantA.submit(SPEC.formatted(this.datasetName));
		JsonNode job = this.tenantA.awaitEnd(this.jobId, Duration.ofMinutes(3));
		assertThat(job.get("status").asString()).as(job.toString()).isEqualTo("SUCCEEDED");
		this.checkpointId = this.tenantA.get("/api/v1/jobs/" + this.jobId + "/checkpoints")
			.json()
			.get("bestCheckpointId")
			.asString();
	}

	/** One request for a resource of tenant A's. */
	record Probe(String name, String method, String path, String body) {

		KilnClient.Response send(KilnClient client) {
			return switch (this.method) {
				case "GET" -> client.get(this.path);
				case "DELETE" -> client.delete(this.path);
				default -> client.post(this.path, this.body);
			};
		}

	}

	@Test
	void everyResourceOfATenantIsVisibleToItAloneAndHiddenAsMissingFromOthers() {
		String job = "/api/v1/jobs/" + this.jobId;
		String predict = "{\"instances\": [[0.9, 0.1]]}";
		List<Probe> probes = List.of(new Probe("dataset", "GET", "/api/v1/datasets/" + this.datasetId, null),
				new Probe("job", "GET", job, null), new Probe("metrics", "GET", job + "/metrics", null),
				new Probe("job checkpoints", "GET", job + "/checkpoints", null),
				new Probe("evaluation", "GET", job + "/evaluation", null),
				new Probe("prediction", "POST", job + "/predict", predict),
				new Probe("checkpoint", "GET", "/api/v1/checkpoints/" + this.checkpointId, null),
				new Probe("checkpoint download", "GET", "/api/v1/checkpoints/" + this.checkpointId + "/download", null),
				// A's is ended: A gets 409; the others must not learn even that
				new Probe("cancel", "POST", job + "/cancel", "{}"),
				// A's dataset is not in use: A could delete it, so only the others ask
				new Probe("dataset delete", "DELETE", "/api/v1/datasets/" + this.datasetId, null));
		Map<String, KilnClient> callers = new LinkedHashMap<>();
		callers.put("tenant A", this.tenantA);
		callers.put("tenant B", this.tenantB);
		callers.put("admin", this.admin);
		callers.put("no key", this.noKey);

		List<String> matrix = new ArrayList<>();
		for (Probe probe : probes) {
			StringBuilder row = new StringBuilder(String.format("%-20s", probe.name()));
			for (Map.Entry<String, KilnClient> caller : callers.entrySet()) {
				if (caller.getKey().equals("tenant A") && probe.method().equals("DELETE")) {
					row.append(String.format(" %-9s", "-"));
					continue;
				}
				KilnClient.Response response = probe.send(caller.getValue());
				row.append(String.format(" %-9s", response.status()));
				String shown = probe.name() + " as " + caller.getKey() + ": " + response;
				switch (caller.getKey()) {
					case "tenant A" ->
						assertThat(response.status()).as(shown).isEqualTo(probe.name().equals("cancel") ? 409 : 200);
					case "no key" -> assertThat(response.status()).as(shown).isEqualTo(401);
					default -> assertHiddenAsMissing(probe, caller.getValue(), response);
				}
			}
			matrix.add(row.toString());
		}
		System.out.printf("tenant isolation (%s):%n%s%n", String.join(", ", callers.keySet()),
				String.join("\n", matrix));
		// and nothing the others tried changed A's dataset or job
		assertThat(this.tenantA.get("/api/v1/datasets/" + this.datasetId).status()).isEqualTo(200);
		assertThat(this.tenantA.get(job).json().get("status").asString()).isEqualTo("SUCCEEDED");
	}

	/** The response is the one a missing id gets, the id aside. */
	private void assertHiddenAsMissing(Probe probe, KilnClient caller, KilnClient.Response response) {
		String id = probe.path().contains(this.checkpointId) ? this.checkpointId
				: probe.path().contains(this.jobId) ? this.jobId : this.datasetId;
		KilnClient.Response missing = new Probe(probe.name(), probe.method(), probe.path().replace(id, MISSING),
				probe.body())
			.send(caller);
		assertThat(response.status()).as(probe.name() + ": " + response).isEqualTo(404);
		assertThat(response.json().get("detail").asString().replace(id, MISSING))
			.isEqualTo(missing.json().get("detail").asString());
	}

	@Test
	void listsShowATenantItsOwnWorkAndTheBuiltInDatasetsOnly() {
		assertThat(ids(this.tenantA, "/api/v1/jobs?size=200")).containsExactly(this.jobId);
		assertThat(ids(this.tenantB, "/api/v1/jobs?size=200")).isEmpty();
		assertThat(ids(this.admin, "/api/v1/jobs?size=200")).doesNotContain(this.jobId);
		assertThat(names(this.tenantA, "/api/v1/datasets?size=100")).contains(this.datasetName, "iris");
		assertThat(names(this.tenantB, "/api/v1/datasets?size=100")).contains("iris").doesNotContain(this.datasetName);
		assertThat(names(this.admin, "/api/v1/datasets?size=100")).doesNotContain(this.datasetName);
	}

	@Test
	void anotherTenantsDatasetCannotBeTrainedOnByIdOrByName() {
		for (String reference : List.of(this.datasetId, this.datasetName)) {
			KilnClient.Response refused = this.tenantB.post("/api/v1/jobs?dryRun=true", SPEC.formatted(reference));
			assertThat(refused.status()).as(refused.toString()).isEqualTo(400);
			assertThat(refused.json().get("errors").get(0).get("path").asString()).isEqualTo("$.dataset");
			assertThat(refused.json().get("errors").get(0).get("reason").asString()).startsWith("no dataset has");
			KilnClient.Response own = this.tenantA.post("/api/v1/jobs?dryRun=true", SPEC.formatted(reference));
			assertThat(own.status()).as(own.toString()).isEqualTo(200);
		}
	}

	@Test
	void tenantsNameDatasetsAndUploadContentIndependentlyButNotAfterABuiltIn() {
		// the same name and the same bytes as A's dataset: B learns nothing of A's
		KilnClient.Response sameAsA = upload(this.tenantB, this.datasetName, 1);
		assertThat(sameAsA.status()).as(sameAsA.toString()).isEqualTo(201);
		String bsId = sameAsA.json().get("id").asString();
		assertThat(bsId).isNotEqualTo(this.datasetId);
		assertThat(this.tenantA.get("/api/v1/datasets/" + bsId).status()).isEqualTo(404);
		// within a tenant both still count
		KilnClient.Response again = upload(this.tenantB, this.datasetName + "-copy", 1);
		assertThat(again.status()).as(again.toString()).isEqualTo(409);
		assertThat(again.json().get("existingId").asString()).isEqualTo(bsId);
		KilnClient.Response builtInName = upload(this.tenantB, "iris", 2);
		assertThat(builtInName.status()).as(builtInName.toString()).isEqualTo(409);
		assertThat(this.tenantB.delete("/api/v1/datasets/" + bsId).status()).isEqualTo(204);
	}

	@Test
	void onlyAdminKeysManageTenantsAndKeys() {
		String tenantId = this.tenantA.get("/api/v1/me").json().get("tenantId").asString();
		for (KilnClient.Response refused : List.of(this.tenantA.get("/api/v1/tenants"),
				this.tenantA.post("/api/v1/tenants", "{\"name\": \"by-a-member\"}"),
				this.tenantA.get("/api/v1/tenants/" + tenantId + "/keys"),
				this.tenantA.post("/api/v1/tenants/" + tenantId + "/keys", "{\"name\": \"more\"}"))) {
			assertThat(refused.status()).as(refused.toString()).isEqualTo(403);
			assertThat(refused.json().get("type").asString()).isEqualTo("/problems/admin-key-required");
		}
		KilnClient.Response keys = this.admin.get("/api/v1/tenants/" + tenantId + "/keys");
		assertThat(keys.status()).isEqualTo(200);
		assertThat(keys.json()).hasSize(1);
		// listed by prefix and hash only: the key itself is never shown again
		assertThat(keys.text()).doesNotContain(this.tenantA.apiKey());
		assertThat(this.tenantA.apiKey()).startsWith(keys.json().get(0).get("prefix").asString());
	}

	@Test
	void aRevokedKeyIsRefusedFromTheNextRequestOn() {
		String tenantId = this.tenantB.get("/api/v1/me").json().get("tenantId").asString();
		KilnClient.Response made = this.admin.post("/api/v1/tenants/" + tenantId + "/keys",
				"{\"name\": \"short-lived admin\", \"admin\": true}");
		assertThat(made.status()).as(made.toString()).isEqualTo(201);
		KilnClient second = this.admin.withKey(made.json().get("key").asString());
		assertThat(second.get("/api/v1/tenants").status()).isEqualTo(200);
		assertThat(second.get("/api/v1/me").json().get("tenantId").asString()).isEqualTo(tenantId);

		KilnClient.Response revoked = this.admin
			.delete("/api/v1/tenants/" + tenantId + "/keys/" + made.json().get("id").asString());
		assertThat(revoked.status()).as(revoked.toString()).isEqualTo(200);
		assertThat(revoked.json().get("revokedAt").isNull()).isFalse();
		KilnClient.Response refused = second.get("/api/v1/me");
		assertThat(refused.status()).isEqualTo(401);
		assertThat(refused.header("WWW-Authenticate")).contains("invalid_token");
	}

	@Test
	void theOnlyActiveAdminKeyCannotBeRevoked() {
		JsonNode me = this.admin.get("/api/v1/me").json();
		KilnClient.Response refused = this.admin
			.delete("/api/v1/tenants/" + me.get("tenantId").asString() + "/keys/" + me.get("keyId").asString());
		assertThat(refused.status()).as(refused.toString()).isEqualTo(409);
		assertThat(refused.json().get("type").asString()).isEqualTo("/problems/last-admin-key");
		assertThat(this.admin.get("/api/v1/me").status()).isEqualTo(200);
	}

	private static List<String> ids(KilnClient client, String path) {
		List<String> ids = new ArrayList<>();
		client.get(path).json().get("items").forEach((item) -> ids.add(item.get("id").asString()));
		return ids;
	}

	private static List<String> names(KilnClient client, String path) {
		List<String> names = new ArrayList<>();
		client.get(path).json().get("items").forEach((item) -> names.add(item.get("name").asString()));
		return names;
	}

	/** Two separable classes of points; {@code variant} changes the bytes. */
	private static KilnClient.Response upload(KilnClient client, String name, int variant) {
		StringBuilder csv = new StringBuilder("x,y,label\n");
		java.util.Random random = new java.util.Random(variant);
		for (int i = 0; i < 80; i++) {
			double x = random.nextDouble();
			double y = random.nextDouble();
			csv.append(String.format(java.util.Locale.ROOT, "%.4f,%.4f,%s%n", x, y, (x > y) ? "right" : "left"));
		}
		return client.upload("/api/v1/datasets", Map.of("name", name, "labelColumn", "label"),
				Map.of("file", csv.toString().getBytes(StandardCharsets.UTF_8)));
	}

}
