package dev.kiln.datasets.internal;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * V2 on a database that V1 created and that already holds datasets.
 */
class SchemaMigrationTest {

	private static final String URL = "jdbc:h2:mem:v2-migration;DB_CLOSE_DELAY=-1";

	@Test
	void movesNamesToActiveNamesAndFreesTheNamesOfDeletedDatasets() throws SQLException {
		Flyway.configure().dataSource(URL, "sa", "").target("1").load().migrate();
		try (Connection connection = DriverManager.getConnection(URL, "sa", "");
				Statement sql = connection.createStatement()) {
			sql.execute("insert into dataset (id, name, source, feature_shape, feature_names, class_names, "
					+ "row_count, sha256, size_bytes, file_path, created_at) values ("
					+ "'3f2c8a0e-1b7d-4c52-9e0a-6d1f2b3c4d5e', 'mine', 'upload', '2', '[\"a\",\"b\"]', '[\"x\",\"y\"]', "
					+ "10, '" + "0".repeat(64) + "', 100, '3f2c8a0e-1b7d-4c52-9e0a-6d1f2b3c4d5e.bin', "
					+ "current_timestamp)");
			Flyway.configure().dataSource(URL, "sa", "").target("3").load().migrate();

			try (ResultSet row = sql.executeQuery(
					"select name, active_name, format, test_row_count, normalization, " + "deleted_at from dataset")) {
				assertThat(row.next()).isTrue();
				assertThat(row.getString("name")).isEqualTo("mine");
				assertThat(row.getString("active_name")).isEqualTo("mine");
				assertThat(row.getString("format")).isEqualTo("csv");
				assertThat(row.getInt("test_row_count")).isZero();
				assertThat(row.getString("normalization")).isNull();
				assertThat(row.getObject("deleted_at")).isNull();
			}
			String insert = "insert into dataset (id, name, active_name, source, feature_shape, feature_names, "
					+ "class_names, row_count, sha256, size_bytes, file_path, created_at) values ('%s', 'mine', %s, "
					+ "'upload', '2', '[]', '[]', 1, '" + "0".repeat(64) + "', 1, 'x.bin', current_timestamp)";
			assertThatExceptionOfType(SQLException.class)
				.isThrownBy(() -> sql.execute(insert.formatted("1f2c8a0e-1b7d-4c52-9e0a-6d1f2b3c4d5e", "'mine'")));
			sql.execute("update dataset set active_name = null, deleted_at = current_timestamp");
			sql.execute(insert.formatted("2f2c8a0e-1b7d-4c52-9e0a-6d1f2b3c4d5e", "'mine'"));
			sql.execute(insert.formatted("4f2c8a0e-1b7d-4c52-9e0a-6d1f2b3c4d5e", "null"));
			try (ResultSet count = sql.executeQuery("select count(*) from dataset where name = 'mine'")) {
				count.next();
				assertThat(count.getInt(1)).isEqualTo(3);
			}
		}
	}

	@Test
	void givesWhatExistedBeforeTenantsToTheDefaultTenantAndKeepsBuiltInsShared() throws SQLException {
		String url = "jdbc:h2:mem:v4-migration;DB_CLOSE_DELAY=-1";
		Flyway.configure().dataSource(url, "sa", "").target("3").load().migrate();
		try (Connection connection = DriverManager.getConnection(url, "sa", "");
				Statement sql = connection.createStatement()) {
			String dataset = "insert into dataset (id, name, active_name, source, feature_shape, feature_names, "
					+ "class_names, row_count, sha256, size_bytes, file_path, created_at) values ('%s', '%s', '%s', "
					+ "'%s', '2', '[]', '[]', 1, '" + "0".repeat(64) + "', 1, 'x.bin', current_timestamp)";
			sql.execute(dataset.formatted("1f2c8a0e-1b7d-4c52-9e0a-6d1f2b3c4d5e", "iris", "iris", "builtin"));
			sql.execute(dataset.formatted("2f2c8a0e-1b7d-4c52-9e0a-6d1f2b3c4d5e", "mine", "mine", "upload"));
			sql.execute("insert into job (id, name, dataset_id, status, spec_json, total_epochs, checkpoint_metric, "
					+ "current_epoch, iterations, attempt, created_at, updated_at, version) values ("
					+ "'5f2c8a0e-1b7d-4c52-9e0a-6d1f2b3c4d5e', 'old', '2f2c8a0e-1b7d-4c52-9e0a-6d1f2b3c4d5e', "
					+ "'SUCCEEDED', '{}', 1, 'validationLoss', 1, 1, 1, current_timestamp, current_timestamp, 0)");
			Flyway.configure().dataSource(url, "sa", "").load().migrate();

			try (ResultSet rows = sql.executeQuery("select name, tenant_id from dataset order by name")) {
				rows.next();
				assertThat(rows.getString("name")).isEqualTo("iris");
				assertThat(rows.getObject("tenant_id")).isNull();
				rows.next();
				assertThat(rows.getString("name")).isEqualTo("mine");
				assertThat(rows.getString("tenant_id")).isEqualTo("00000000-0000-0000-0000-000000000001");
			}
			try (ResultSet rows = sql.executeQuery("select tenant_id from job")) {
				rows.next();
				assertThat(rows.getString("tenant_id")).isEqualTo("00000000-0000-0000-0000-000000000001");
			}
			// a name is unique within a tenant only
			sql.execute("insert into tenant (id, name, created_at) values "
					+ "('6f2c8a0e-1b7d-4c52-9e0a-6d1f2b3c4d5e', 'other', current_timestamp)");
			String owned = "insert into dataset (id, tenant_id, name, active_name, source, feature_shape, "
					+ "feature_names, class_names, row_count, sha256, size_bytes, file_path, created_at) values ("
					+ "'%s', '%s', 'mine', 'mine', 'upload', '2', '[]', '[]', 1, '" + "0".repeat(64)
					+ "', 1, 'x.bin', current_timestamp)";
			sql.execute(
					owned.formatted("3f2c8a0e-1b7d-4c52-9e0a-6d1f2b3c4d5e", "6f2c8a0e-1b7d-4c52-9e0a-6d1f2b3c4d5e"));
			assertThatExceptionOfType(SQLException.class).isThrownBy(() -> sql.execute(
					owned.formatted("4f2c8a0e-1b7d-4c52-9e0a-6d1f2b3c4d5e", "00000000-0000-0000-0000-000000000001")));
		}
	}

	/**
	 * V12 (from V9, the last before it on main): H2 counts UTF-16 units, so the name
	 * columns widen to hold their limits in characters beyond the BMP; rows, NOT NULL and
	 * uniqueness stay.
	 */
	@Test
	void widensNameColumnsKeepingTheirRowsAndConstraints() throws SQLException {
		String url = "jdbc:h2:mem:v12-migration;DB_CLOSE_DELAY=-1";
		Flyway.configure().dataSource(url, "sa", "").target("9").load().migrate();
		try (Connection connection = DriverManager.getConnection(url, "sa", "");
				Statement sql = connection.createStatement()) {
			String tenant = "insert into tenant (id, name, created_at) values ('%s', '%s', current_timestamp)";
			sql.execute(tenant.formatted("6f2c8a0e-1b7d-4c52-9e0a-6d1f2b3c4d5e", "old"));
			String wide = "\ud801\udc00".repeat(100);
			assertThatExceptionOfType(SQLException.class)
				.isThrownBy(() -> sql.execute(tenant.formatted("7f2c8a0e-1b7d-4c52-9e0a-6d1f2b3c4d5e", wide)));

			Flyway.configure().dataSource(url, "sa", "").load().migrate();

			sql.execute(tenant.formatted("7f2c8a0e-1b7d-4c52-9e0a-6d1f2b3c4d5e", wide));
			try (ResultSet rows = sql.executeQuery("select name from tenant order by created_at, name")) {
				assertThat(rows.next()).isTrue();
				assertThat(rows.getString("name")).isEqualTo("default");
				assertThat(rows.next()).isTrue();
				assertThat(rows.getString("name")).isEqualTo("old");
			}
			assertThatExceptionOfType(SQLException.class)
				.isThrownBy(() -> sql.execute(tenant.formatted("8f2c8a0e-1b7d-4c52-9e0a-6d1f2b3c4d5e", "old")));
			assertThatExceptionOfType(SQLException.class).isThrownBy(() -> sql
				.execute("insert into tenant (id, name, created_at) values (random_uuid(), null, current_timestamp)"));
			try (ResultSet columns = connection.getMetaData().getColumns(null, null, null, "NAME")) {
				java.util.Map<String, Integer> sizes = new java.util.HashMap<>();
				while (columns.next()) {
					sizes.put(columns.getString("TABLE_NAME").toLowerCase(), columns.getInt("COLUMN_SIZE"));
				}
				assertThat(sizes).containsEntry("tenant", 200).containsEntry("api_key", 200).containsEntry("job", 400);
			}
		}
	}

}
