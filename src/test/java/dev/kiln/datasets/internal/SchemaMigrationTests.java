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
class SchemaMigrationTests {

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
			Flyway.configure().dataSource(URL, "sa", "").load().migrate();

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

}
